def log = new File(basedir, 'build.log').text

// the integration test itself passed: only the traffic is wrong
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')

// bus:verify failed the build, and its message carries the diagnosis and the way out
assert log.contains('agent-bus traffic of this build broke 1 rule:')
assert log.contains('channel mismatch: [mismatch] alice -> bob "ping" (channel default, none given) was never delivered: bob only polled channel c-7')
assert log.contains('-Dagentbus.failOnChannelMismatch=false')
assert log.contains('BUILD FAILURE')
assert log =~ /Failed to execute goal dev\.agentbus:bus-maven-plugin:[^:]+:verify/

// the summary says the same
def summary = new File(basedir, 'target/agent-bus/summary.txt').text
assert summary.contains('Not delivered (1):')
assert summary.contains('bob only polled channel c-7')

// the second and third invocations judged the same files without the excluded namespace, and said so
assert log.count('agent-bus traffic not judged in 1 namespace(s) (agentbus.excludeNamespaces): mismatch') == 2
assert log.count('agent-bus traffic verified: 1 message in 2 namespaces: 0 delivered, 0 not yet, 1 lost (channel mismatch 1)') == 2
assert log.count('BUILD FAILURE') == 1
assert log.count('BUILD SUCCESS') == 2
