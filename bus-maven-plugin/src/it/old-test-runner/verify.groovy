def log = new File(basedir, 'build.log').text

// the trap: tests that would fail, none run, and the build passes
assert !log.contains('ran a JUnit 5 test')
assert log.count('Tests run: 0, Failures: 0, Errors: 0, Skipped: 0') >= 2
assert log.contains('BUILD SUCCESS')

// bus:start and bus:verify each name both runners and the version to use
def surefire = ~/\[WARNING\] maven-surefire-plugin 2\.12\.4 is too old to run JUnit 5 tests: it runs none of this project's JUnit Jupiter tests and the build still passes\. Pin maven-surefire-plugin \d+\.\d+\.\d+ \(2\.22\.0 at the least\)/
def failsafe = ~/\[WARNING\] maven-failsafe-plugin 2\.12\.4 is too old to run JUnit 5 tests: it runs none of this project's JUnit Jupiter tests and the build still passes\. Pin maven-failsafe-plugin \d+\.\d+\.\d+ \(2\.22\.0 at the least\)/
assert log.findAll(surefire).size() == 2
assert log.findAll(failsafe).size() == 2
assert log.contains('<artifactId>maven-failsafe-plugin</artifactId><version>')
