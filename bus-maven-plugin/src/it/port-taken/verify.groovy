def log = new File(basedir, 'build.log').text

def port = (log =~ /agent-bus started on http:\/\/127\.0\.0\.1:(\d+)/)[0][1]

// one line that names the port and what to do
assert log =~ /\[ERROR\] Failed to execute goal dev\.agentbus:bus-maven-plugin:[^ ]+:run \(second-bus-on-the-same-port\) on project port-taken: agentbus\.port ${port} on 127\.0\.0\.1 is already in use: pass -Dagentbus\.port=<a free port>, or 0 for one the OS picks/

// bus:stop never ran, yet the bus was stopped and its traffic written
assert !(log =~ /--- bus:[^:]+:stop/)
assert log.contains('agent-bus of port-taken still running after its build failed; stopping it')
assert log.contains('agent-bus stopped: 0 messages in 1 namespace')
assert new File(basedir, 'target/agent-bus/summary.txt').exists()
assert new File(basedir, 'target/agent-bus/traffic.json').exists()
assert !new File(basedir, 'target/agent-bus/url.txt').exists()
