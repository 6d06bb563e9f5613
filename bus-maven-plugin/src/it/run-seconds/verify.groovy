def log = new File(basedir, 'build.log').text

assert log =~ /--- bus:[^:]+:run \(default-cli\) @ run-seconds ---/
assert log =~ /agent-bus listening on http:\/\/127\.0\.0\.1:\d+/
assert log.contains('stops in 1 s')
assert log.contains('agent-bus stopped: 0 messages in 1 namespace')
assert !log.contains('XNIO')
assert log.contains('BUILD SUCCESS')
