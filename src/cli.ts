#!/usr/bin/env node
/** The executable: run the command line with the process's streams and set the exit code. */
import { EXIT } from './errors.js';
import { main, redact } from './main.js';

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
    process.exitCode = EXIT.USAGE;
  },
);
