#!/usr/bin/env node
/** The executable: run the command line with the process's streams and set the exit code. */
import { VERSION } from './version.js';

// `--version` answers before the rest loads (yargs, ajv and the rules take most of start-up).
if (process.argv.length === 3 && process.argv[2] === '--version') {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main, redact } = await import('./main.js');
  const { systemErrorWords } = await import('./errors.js');
  // A report that cannot be delivered in full is a failure (exit 2), said in one line: a reader that
  // closes the pipe early (`| head`) or a full disk must not end in a stack trace, nor pass the gate.
  let stdoutFailed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (stdoutFailed) return;
    stdoutFailed = true;
    const why = error.code === 'EPIPE' ? 'the reader closed stdout before the report was written in full' : `cannot write the report to stdout: ${systemErrorWords(error)}`;
    process.stderr.write(`oauthlint: ${why}\n`);
    process.exitCode = 2;
  });
  main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
  }).then(
    (code) => {
      process.exitCode = stdoutFailed ? 2 : code;
    },
    (error: unknown) => {
      process.stderr.write(`${redact(`oauthlint: internal error: ${error instanceof Error ? error.message : String(error)}`, process.env)}\n`);
      process.exitCode = 2;
    },
  );
}
