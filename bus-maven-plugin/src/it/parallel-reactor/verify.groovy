def log = new File(basedir, 'build.log').text

assert log.contains('Using the MultiThreadedBuilder implementation with a thread count of 2')

def urls = ['module-a', 'module-b'].collect { new File(basedir, "${it}/target/url-seen-by-test.txt").text }
assert urls.every { it ==~ /http:\/\/127\.0\.0\.1:\d+/ }
assert urls[0] != urls[1] : "both modules got ${urls[0]}"
assert (log =~ /agent-bus started on /).count == 2

// each module's journal holds its own message and nothing of the other's
['module-a': 'module-b', 'module-b': 'module-a'].each { self, other ->
  def journal = new File(basedir, "${self}/target/agent-bus/journal/_root.jsonl").text
  assert journal.contains("\"msg\":\"hello from ${self}\"")
  assert !journal.contains("hello from ${other}")
}
assert (log =~ /agent-bus traffic verified: 1 message in 1 namespace: 1 delivered/).count == 2
assert log.contains('BUILD SUCCESS')
