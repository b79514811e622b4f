// Runs after the consumer build (which already failed unless ConsumerCheck exited 0): checks what
// it printed, and that the README's Java example is the code that ran.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('CONSUMER-CHECK OK') : 'ConsumerCheck did not finish'
assert (log =~ /hub delivered urn:uuid:/).size() == 3 : 'expected three updates through the hub'
assert (log =~ /readme example: tick /).size() >= 3 : 'expected three ticks from the README example'
assert log.contains('readme example stopped') : 'the README example did not stop'

def readme = new File(readme).getText('UTF-8')
def block = (readme =~ /(?s)```java\n(import dev\.sluice.*?)```/)
assert block.find() : 'README has no ```java block starting with the Sluice imports'
def example = new File(basedir, 'src/main/java/example/ReadmeExample.java').getText('UTF-8')
assert example == 'package example;\n\n' + block.group(1) :
    'README.md\'s Java example and src/it/consumer/.../ReadmeExample.java differ: keep them identical'
return true
