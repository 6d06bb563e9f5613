def log = new File(basedir, 'build.log').text

assert log.contains('alice never answered')
assert log.contains('Tests run: 1, Failures: 1, Errors: 0, Skipped: 0')

// the bus was stopped in post-integration-test and wrote what it saw
assert log.contains('agent-bus stopped: 1 message in 2 namespaces: 0 delivered, 0 not yet, 1 lost (never polled 1)')
def summary = new File(basedir, 'target/agent-bus/summary.txt').text
assert summary.contains('[failing] bob -> alice "are you there?" (channel c-1) was never delivered: alice never polled')

// bus:verify ran first and named the undelivered message; the build failed
assert log.contains('undelivered: [failing] bob -> alice "are you there?"')
assert log.contains('BUILD FAILURE')
