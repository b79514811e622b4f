// Runs after the consumer build (which already failed unless ConsumerCheck exited 0): checks what
// it printed, and that the Java examples of README.md and docs/java.md are the code that ran.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('CONSUMER-CHECK OK') : 'ConsumerCheck did not finish'
assert (log =~ /hub delivered urn:uuid:/).size() == 3 : 'expected three updates through the hub'
assert (log =~ /ReadmeExample: tick /).size() >= 3 : 'expected three ticks from the README example'
assert log.contains('readme example stopped') : 'the README example did not stop'
assert log.contains('docs examples: hub, tokens, publisher and client agree on urn:uuid:')
assert log.contains('server example delivered: hello room')

// Each ```java block starting with imports is src/main/java/example/<its class>.java, verbatim.
def sources = new File(basedir, 'src/main/java/example')
def checkBlocks(File doc, File sources, int expected) {
  def blocks = (doc.getText('UTF-8') =~ /(?s)```java\n(import .*?)```/).collect { it[1] }
  assert blocks.size() == expected : "${doc.name}: expected ${expected} Java examples, found ${blocks.size()}"
  blocks.each { block ->
    def name = (block =~ /public class (\w+)/)[0][1]
    def file = new File(sources, name + '.java')
    assert file.isFile() : "${doc.name}: example ${name} has no file in src/it/consumer"
    assert file.getText('UTF-8') == 'package example;\n\n' + block :
        "${doc.name}'s ${name} and src/it/consumer/.../${name}.java differ: keep them identical"
  }
}
checkBlocks(new File(readme), sources, 1)
checkBlocks(new File(javaDoc), sources, 5)
return true
