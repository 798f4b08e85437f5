#!/usr/bin/env node
/** The executable: run the command line with the process's streams and set the exit code. */
import { VERSION } from './version.js';

// `--version` answers before the rest loads (yargs, ajv and the rules take most of start-up).
if (process.argv.length === 3 && process.argv[2] === '--version') {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main, redact } = await import('./main.js');
  main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${redact(`oauthlint: internal error: ${error instanceof Error ? error.message : String(error)}`, process.env)}\n`);
      process.exitCode = 2;
    },
  );
}
