import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

// bus:run in a real Maven process (mavenHome: the Maven this execution of the invoker builds with):
// agents send at the root and in a namespace, one poll is parked, and Ctrl-C, a SIGINT to the
// Maven process by its pid, ends it. Every wait has a deadline; nothing sleeps.

def output = new File(basedir, 'ctrl-c.log')
// the settings the invoker hands its builds, written beside the projects while it runs; with
// them and -o the plugin resolves from what the build above already put in the local repository
def settings = new File(basedir.parentFile, 'interpolated-settings.xml')
assert settings.isFile() : "the invoker's settings for its builds are not at ${settings}"

def command = [new File(mavenHome, 'bin/mvn').path, '-B', '-o', '-s', settings.path,
               "-Dmaven.repo.local=${localRepositoryPath}".toString(),
               'bus:run', '-Dagentbus.port=0']
// A JVM started with SIGINT ignored keeps it ignored (a build run in the background of a
// non-interactive shell passes that on): have env restore the default, as a terminal has it.
try {
  if (new ProcessBuilder('env', '--default-signal=INT', 'true').start().waitFor() == 0) {
    command = ['env', '--default-signal=INT'] + command
  }
} catch (IOException e) {
  // no such env: the signal is as the build found it
}

def END = new Object()
def lines = new LinkedBlockingQueue<Object>()
def process = new ProcessBuilder(command).directory(basedir).redirectErrorStream(true).start()
def reader = Thread.start {
  output.withWriter('UTF-8') { out ->
    process.inputStream.newReader('UTF-8').eachLine { line ->
      out.writeLine(line)
      out.flush()
      lines.put(line)
    }
  }
  lines.put(END)
}
// the first line that matches, or null when the output ends or the deadline passes
def awaitLine = { pattern, long seconds ->
  long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
  while (true) {
    def line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
    if (line == null || line.is(END)) {
      return null
    }
    def match = line =~ pattern
    if (match.find()) {
      return match
    }
  }
}
def request = { String method, String url, String body ->
  def http = URI.create(url).toURL().openConnection()
  http.requestMethod = method
  if (body != null) {
    http.doOutput = true
    http.setRequestProperty('Content-Type', 'application/json')
    http.outputStream.withWriter('UTF-8') { it << body }
  }
  return http.responseCode
}

def parkedAnswer = null
try {
  def listening = awaitLine(/agent-bus listening on (http:\/\/127\.0\.0\.1:\d+)/, 180)
  assert listening : "bus:run did not say it listens within 180 s; its output: ${output}"
  def url = listening.group(1)

  assert request('POST', "${url}/send", '{"from":"alice","to":"bob","msg":"at the root","channel":"c-1"}') == 200
  assert awaitLine(/^\[INFO\] \d\d:\d\d:\d\d\.\d{3}  alice -> bob  \[c-1\]  at the root$/, 30)
  assert request('POST', "${url}/ns/t-1/send", '{"from":"carol","to":"dave","msg":"in a namespace","channel":"c-2"}') == 200
  assert awaitLine(/^\[INFO\] \d\d:\d\d:\d\d\.\d{3}  \/ns\/t-1  carol -> dave  \[c-2\]  in a namespace$/, 30)

  def parked = Thread.start {
    parkedAnswer = request('GET', "${url}/recv?to=erin&channel=c-3&block=true", null)
  }
  assert request('GET', "${url}/_bus/polls?count=1&to=erin&timeout=30", null) == 200

  def kill = new ProcessBuilder('kill', '-INT', String.valueOf(process.pid())).inheritIO().start()
  assert kill.waitFor() == 0
  assert process.waitFor(60, TimeUnit.SECONDS) : "bus:run did not end within 60 s of SIGINT; its output: ${output}"
  parked.join(TimeUnit.SECONDS.toMillis(30))
  reader.join(TimeUnit.SECONDS.toMillis(30))
} finally {
  if (process.alive) {
    process.destroyForcibly()
  }
}

def log = output.text
assert log.contains('agent-bus stopped: 2 messages in 2 namespaces: 0 delivered, 0 not yet, 2 lost (never polled 2); 0 requests rejected')
assert parkedAnswer == 200 : 'the poll parked at Ctrl-C was not answered'
// a JVM ended by SIGINT exits with 128 + 2
assert process.exitValue() == 130
