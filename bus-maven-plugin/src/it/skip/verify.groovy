def log = new File(basedir, 'build.log').text

// both invocations write to build.log, one after the other
assert log.count('agent-bus not started: agentbus.skip is set') == 1
assert log.count('agent-bus not stopped: agentbus.skip is set') == 1
assert log.count('agent-bus traffic not verified: agentbus.skip') == 1
assert log.count('agent-bus not started: skipITs is set') == 1
assert log.count('agent-bus not stopped: skipITs is set') == 1
assert log.count('agent-bus traffic not verified: skipITs') == 1
assert !log.contains('agent-bus started on')
assert !new File(basedir, 'target/agent-bus').exists()
assert log.count('BUILD SUCCESS') == 2
