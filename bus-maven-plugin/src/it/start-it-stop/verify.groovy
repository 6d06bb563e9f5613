def log = new File(basedir, 'build.log').text
def bus = new File(basedir, 'target/agent-bus')

// started on loopback, on a port the OS picked, before failsafe ran
def started = (log =~ /agent-bus started on (http:\/\/127\.0\.0\.1:(\d+))/)
assert started.find() : 'no start line in build.log'
def url = started.group(1)
assert started.group(2) as int > 0

// the test received exactly that URL through ${agentbus.url}
assert new File(basedir, 'target/url-seen-by-test.txt').text == url
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')

// stopped after the tests, with the build's traffic written
assert log.contains('agent-bus stopped: 1 message in 2 namespaces: 1 delivered, 0 not yet, 0 lost; 0 requests rejected')
assert log.contains('agent-bus traffic verified: 1 message in 2 namespaces')
assert log.indexOf('agent-bus started') < log.indexOf('Tests run: 1')
assert log.indexOf('Tests run: 1') < log.indexOf('agent-bus stopped')

// per namespace a journal, an index, a summary, the transcripts; the URL file is gone
assert new File(bus, 'journal/_root.jsonl').exists()
def journal = new File(bus, 'journal/conversation.jsonl').readLines()
assert journal.any { it.contains('"kind":"sent"') && it.contains('"msg":"ping"') }
assert journal.any { it.contains('"kind":"poll"') }
assert new File(bus, 'traffic.json').text.contains('"id" : "conversation"')
def summary = new File(bus, 'summary.txt').text
assert summary.contains('conversation         1          1        0     0         0')
assert new File(bus, 'transcript.txt').text.contains('alice -> bob')
assert !new File(bus, 'url.txt').exists()

// the report: an index page that links to each namespace's page, written beside it
def index = new File(bus, 'index.html').text
assert index.contains('<a href="pages/conversation.html">conversation</a>')
assert index.contains('<a href="pages/_root.html">(root)</a>')
def page = new File(bus, 'pages/conversation.html').text
assert page.startsWith('<!DOCTYPE html>')
assert page.contains('"b":"ping"')
assert log.contains('agent-bus traffic report: ') && log.contains('index.html')

// no server log noise in the build
assert !log.contains('XNIO')
assert !log.contains('Undertow')
assert log.contains('BUILD SUCCESS')
