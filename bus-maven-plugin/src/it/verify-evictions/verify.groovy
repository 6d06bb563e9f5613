def log = new File(basedir, 'build.log').text

// the integration test passed: every send was answered 200, every message still queued was read
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')

// bus:verify failed the build on the evictions and on the entries dropped before anybody read them
assert log.contains('BUILD FAILURE')
assert log =~ /Failed to execute goal dev\.agentbus:bus-maven-plugin:[^:]+:verify/
assert log =~ /evicted: \[flood\] alice -> bob-0 \(channel c, ts [0-9.]+; its send is no longer in the journal\) was never delivered: it was evicted from bob-0's queue first, to make room in the bus's memory budget/
assert log =~ /dropped records: \[flood\] the journal gave up the entries of [0-9]+ messages before any poll returned them, so it cannot show what became of them \(0 still unread at the end\)/
assert log.contains('-Dagentbus.failOnEvicted=false -Dagentbus.failOnDroppedRecords=false')

// the summary counts every message sent, and every eviction as lost
def summary = new File(basedir, 'target/agent-bus/summary.txt').text
def headline = summary =~ /60 messages in 2 namespaces: ([0-9]+) delivered, 0 not yet, ([0-9]+) lost \(evicted ([0-9]+)\)/
assert headline.find()
assert headline.group(1).toInteger() + headline.group(2).toInteger() == 60
assert headline.group(2) == headline.group(3)
assert headline.group(1).toInteger() > 0

// the second invocation judged the same files with those rules off, and passed
assert log =~ /agent-bus traffic verified: 60 messages in 2 namespaces: [0-9]+ delivered, 0 not yet, [0-9]+ lost \(evicted [0-9]+\); 0 requests rejected/
assert log.count('BUILD FAILURE') == 1
assert log.count('BUILD SUCCESS') == 1
