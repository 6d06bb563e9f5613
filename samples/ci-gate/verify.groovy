// The samples' runner built this project twice (invoker.properties): as it is, and with -Dbroken.
def log = new File(basedir, 'build.log').text

// both times the integration test ran, on the bus bus:start started, and passed
assert log.findAll(/(?m)^\[INFO\] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0$/).size() == 2
assert log.count('agent-bus started on http://127.0.0.1:') == 2

// as it is: every message delivered, the gate passed
assert log.contains('agent-bus traffic verified: 2 messages in 2 namespaces: 2 delivered, 0 not yet, 0 lost')
def report = new File(basedir, 'target/agent-bus')
def namespaces = new File(report, 'journal').list().findAll { it.startsWith('BuildAnnouncementIT.') }
assert namespaces.size() == 1
def journal = new File(report, "journal/${namespaces[0]}").text
assert journal.contains('"msg":"build 42 finished"')
assert journal.contains('"msg":"ack build 42 finished"')
assert new File(report, 'traffic.json').text.contains('"id" : "' + namespaces[0].replace('.jsonl', '') + '"')
assert new File(report, 'transcript.txt').text =~ /ci -> notifier +\[theCiStep\S*\] +"build 42 finished" +delivered/
assert new File(report, 'summary.txt').text.contains('2 messages in 2 namespaces: 2 delivered, 0 not yet, 0 lost')

// -Dbroken: the gate failed the build, naming the message, where it landed and why
def mismatch = ~/channel mismatch: \[BuildAnnouncementIT\.theCiStep\S*\] ci -> notifier "build 42 finished" \(channel theCiStep\S*\) was never delivered: notifier only polled channel default/
assert log.contains('agent-bus traffic of this build broke 1 rule:')
assert log =~ mismatch
assert log.contains('a channel mismatch means sender and recipient disagree on AGENT_BUS_CHANNEL')
assert new File(basedir, 'target/agent-bus-broken/summary.txt').text.contains('notifier only polled channel default')

assert log.count('BUILD SUCCESS') == 1
assert log.count('BUILD FAILURE') == 1
