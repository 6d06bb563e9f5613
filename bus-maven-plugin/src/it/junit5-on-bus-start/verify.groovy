def log = new File(basedir, 'build.log').text
def bus = new File(basedir, 'target/agent-bus')

assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
// the extension started no bus of its own: the test's namespace is in the build bus's report,
// kept when the extension dropped it after the test
def namespace = new File(basedir, 'target/namespace-seen-by-test.txt').text
def journal = new File(bus, "journal/${namespace}.jsonl").readLines()
assert journal.any { it.contains('"kind":"sent"') && it.contains('"msg":"ping"') }
assert journal.any { it.contains('"kind":"poll"') }
assert new File(bus, 'traffic.json').text.contains("\"id\" : \"${namespace}\"")
assert log.contains('agent-bus traffic verified: 1 message in 2 namespaces')
assert log.contains('BUILD SUCCESS')
