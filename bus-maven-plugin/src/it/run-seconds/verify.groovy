def log = new File(basedir, 'build.log').text

assert log =~ /--- bus:[^:]+:run \(default-cli\) @ run-seconds ---/
assert log =~ /agent-bus listening on http:\/\/127\.0\.0\.1:\d+/
assert log.contains('stops in 1 s')
assert log.contains('agent-bus stopped: 0 messages in 1 namespace')

// the second build ran bus:start alone
assert log =~ /--- bus:[^:]+:start \(default-cli\) @ run-seconds ---/
assert log.contains('agent-bus of run-seconds still running at the end of the build (no bus:stop ran); stopping it')
assert new File(basedir, 'target/agent-bus/traffic.json').exists()
assert !new File(basedir, 'target/agent-bus/url.txt').exists()

assert !log.contains('XNIO')
assert log.count('BUILD SUCCESS') == 2
