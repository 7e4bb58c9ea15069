// A Jest reporter for CI: every failed test, every failed suite and every test that passed only
// on its retry, one block each, appended to $JIANDU_FAILURES_DIR/<project>.txt. `.ci/run` prints
// these files last, so the end of a CI log names what failed and why, whatever the projects that
// ran after it printed. Without JIANDU_FAILURES_DIR it does nothing.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const ansi = /\u001b\[[0-9;]*m/g;
// The message and the project's own frames: node_modules frames say nothing about our failure.
const clip = (text, lines = 30) =>
  String(text)
    .replace(ansi, '')
    .split('\n')
    .filter((line) => !/^\s+at .*node_modules/.test(line))
    .slice(0, lines)
    .join('\n')
    .trimEnd();

export default class FailuresReporter {
  constructor(globalConfig) {
    this.dir = process.env.JIANDU_FAILURES_DIR;
    this.rootDir = globalConfig.rootDir;
  }

  onTestResult(test, result) {
    if (!this.dir) return;
    const project = String(test.context.config.displayName?.name ?? path.basename(test.context.config.rootDir));
    const file = path.relative(this.rootDir, result.testFilePath);
    const blocks = [];
    if (result.testExecError) blocks.push(`SUITE FAILED ${file}\n${clip(result.testExecError.message)}`);
    else if (result.failureMessage && result.numFailingTests === 0)
      blocks.push(`SUITE FAILED ${file} (a hook)\n${clip(result.failureMessage)}`);
    for (const assertion of result.testResults) {
      const name = `${file} › ${assertion.fullName}`;
      if (assertion.status === 'failed') blocks.push(`FAILED ${name}\n${clip(assertion.failureMessages.join('\n'))}`);
      else if ((assertion.invocations ?? 1) > 1)
        blocks.push(`PASSED ON RETRY ${name}\nfirst run: ${clip(assertion.retryReasons?.join('\n') || '(not logged)', 15)}`);
    }
    if (blocks.length === 0) return;
    mkdirSync(this.dir, { recursive: true });
    appendFileSync(path.join(this.dir, `${project.replace(/[^\w.-]/g, '_')}.txt`), `${blocks.join('\n\n')}\n\n`);
  }
}
