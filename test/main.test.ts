/** The CLI through its functions: main() with in-memory streams. */
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { BOOLEAN_FLAGS, booleanValueProblem, COMMAND_FLAGS, POSITIONALS, SHORT_FLAGS, explainValues, fastLintArgs, main, redact, VALUE_FLAGS, withSuggestions } from '../src/main.js';
import { readApiKey, useColor, type LintOptions, type RunIo } from '../src/run.js';
import { ROOT, seededRandom, tempDir, cleanClient } from './helpers.js';

const NOW = '2026-12-01T00:00:00Z';

function memoryIo(env: Record<string, string> = {}, cwd = tempDir(), stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: RunIo = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    stdin: Readable.from([stdin]),
    env,
    cwd,
    now: () => new Date('2026-12-01T00:00:00Z'),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('main()', () => {
  it('returns 1 for the example and writes the report to stdout', async () => {
    const m = memoryIo();
    expect(await main(['--input', join(ROOT, 'examples', 'clients.json'), '--now', NOW], m.io)).toBe(1);
    expect(m.stdout()).toMatch(/14 findings/);
    expect(m.stderr()).toBe('');
  });
  it('reads stdin', async () => {
    const m = memoryIo({}, tempDir(), JSON.stringify([cleanClient()]));
    expect(await main(['-i', '-', '-f', 'json'], m.io)).toBe(0);
    expect(JSON.parse(m.stdout()).summary.findings).toBe(0);
  });
  it('says it is waiting for typed JSON when stdin is a terminal (it looked like a hang), on stderr only, and not when quiet', async () => {
    for (const [tty, args, said] of [[true, [], true], [true, ['-q'], false], [false, [], false]] as const) {
      const m = memoryIo({}, tempDir(), JSON.stringify([cleanClient()]));
      Object.assign(m.io.stdin, { isTTY: tty });
      expect(await main(['-i', '-', '-f', 'json', ...args], m.io)).toBe(0);
      expect(JSON.parse(m.stdout()).summary.clients).toBe(1);
      expect(m.stderr()).toBe(said ? 'oauthlint: reading the clients from the terminal: paste the JSON and end with Ctrl-D, or pass --input FILE\n' : '');
    }
  });
  it('refuses a --now whose day does not exist (Date.parse would roll 2026-02-30 into March)', async () => {
    for (const [now, code] of [['2026-02-30T00:00:00Z', 2], ['2026-02-29', 2], ['2026-04-31T12:00:00Z', 2], ['2024-02-29', 1], ['2026-12-01T00:00:00+01:00', 1]] as const) {
      const m = memoryIo();
      expect([now, await main(['--input', join(ROOT, 'examples', 'clients.json'), '--now', now, '-q'], m.io)]).toEqual([now, code]);
      if (code === 2) expect(m.stderr()).toContain(`--now must be an ISO 8601 date or date-time such as 2026-12-01T00:00:00Z, got "${now}"`);
    }
  });
  it('returns 2 for usage errors, with a hint', async () => {
    const m = memoryIo();
    expect(await main(['--input'], m.io)).toBe(2);
    expect(m.stderr()).toMatch(/Run "oauthlint --help" for usage/);
  });
  it('returns 3 for unreadable input', async () => {
    const m = memoryIo();
    expect(await main(['-i', 'does-not-exist.json'], m.io)).toBe(3);
    expect(m.stderr()).toMatch(/^oauthlint: does-not-exist\.json: cannot read the input: no such file/);
  });
  it('returns 2 without input or API key', async () => {
    const m = memoryIo();
    expect(await main([], m.io)).toBe(2);
    expect(m.stderr()).toMatch(/set TELNYX_API_KEY/);
  });
});

describe('withSuggestions', () => {
  const known = ['help', 'version', 'input', 'i', 'format', 'f', 'fail-on', 'quiet', 'q'];
  it('adds the likely option or command to each unknown argument, and leaves other messages alone', () => {
    expect(withSuggestions('Unknown argument: inptu', known)).toBe('Unknown argument: inptu (did you mean --input?)');
    expect(withSuggestions('Unknown arguments: fail-onn, failOnn, zzzzzz', known)).toBe('Unknown arguments: fail-onn (did you mean --fail-on?), zzzzzz');
    expect(withSuggestions('Unknown argument: init2', known)).toBe('Unknown argument: init2 (did you mean the init command?)');
    expect(withSuggestions('Unknown argument: qq', ['q'])).toBe('Unknown argument: qq (did you mean -q?)');
    expect(withSuggestions('Not enough arguments following: input', known)).toBe('Not enough arguments following: input');
  });
  it('names a negated flag as typed (yargs says "such-flag" for --no-such-flag), with the negated likely one', () => {
    const flags = [...known, 'color', 'verified'];
    expect(withSuggestions('Unknown argument: such-flag', flags, ['-i', 'x', '--no-such-flag'])).toBe('Unknown argument: --no-such-flag');
    expect(withSuggestions('Unknown argument: colour', flags, ['--no-colour'])).toBe('Unknown argument: --no-colour (did you mean --no-color?)');
    expect(withSuggestions('Unknown argument: colour', flags, ['--colour'])).toBe('Unknown argument: --colour (did you mean --color?)');
  });
  it('says where a flag of another command belongs, and looks for near misses among them too', () => {
    const rules = ['help', 'version', 'format', 'f', 'config', 'c', 'test'];
    expect(withSuggestions('Unknown argument: i', rules, ['rules', '-i', 'x'])).toBe('Unknown argument: -i (an option of the lint: oauthlint -i …)');
    expect(withSuggestions('Unknown argument: quiet', rules, ['rules', '--no-quiet'])).toBe('Unknown argument: --no-quiet (an option of oauthlint and oauthlint diff, not of this command)');
    expect(withSuggestions('Unknown argument: force', rules, ['rules', '--force'])).toBe('Unknown argument: --force (an option of the init command: oauthlint init --force)');
    expect(withSuggestions('Unknown argument: inptu', rules, ['rules', '--inptu'])).toBe('Unknown argument: --inptu (did you mean --input? an option of the lint: oauthlint --input …)');
    // A near miss of the command's own flag comes first; a word typed without dashes is not a flag.
    expect(withSuggestions('Unknown argument: formt', rules, ['rules', '--formt'])).toBe('Unknown argument: --formt (did you mean --format?)');
    expect(withSuggestions('Unknown argument: input', rules, ['rules', 'input'])).toBe('Unknown argument: input (did you mean the init command?)');
  });
  it('calls a word without dashes an argument too many, not a mistyped flag (rules a b said "did you mean -c?")', () => {
    expect(withSuggestions('Unknown argument: b', known, ['rules', 'a', 'b'])).toBe('Unknown argument: b (an argument too many)');
    expect(withSuggestions('Unknown argument: rulse', known, ['rulse'])).toBe('Unknown argument: rulse (did you mean the rules command?)');
    // One letter is one edit from any other: no guess (`-x` was "did you mean -i?").
    expect(withSuggestions('Unknown argument: b', ['c'], ['-b'])).toBe('Unknown argument: -b');
    expect(withSuggestions('Unknown argument: x', ['i', 'c', 'f', 'o', 'q'], ['-x'])).toBe('Unknown argument: -x');
  });
});

describe('a --no- form of an option that takes a value', () => {
  it('is refused before anything runs (--no-input was read as a file named "false", --no-config was an internal error)', async () => {
    for (const [arg, flag] of [['--no-input', 'input'], ['--no-config', 'config'], ['--no-sarif-category', 'sarif-category'], ['--no-failOn', 'fail-on'], ['--no-now=x', 'now']] as const) {
      expect(booleanValueProblem(['-i', 'x.json', arg])).toBe(`${arg} is not an option: --${flag} takes a value, so it has no --no- form (leave it out)`);
    }
    expect(booleanValueProblem(['--no-color', '--no-quiet', '--no-verified'])).toBeUndefined();
    // After "--" it is an argument, not a flag.
    expect(booleanValueProblem(['--', '--no-input'])).toBeUndefined();
    const m = memoryIo();
    expect(await main(['rules', '--no-test'], m.io)).toBe(2);
    expect(m.stderr()).toBe('oauthlint: --no-test is not an option: --test takes a value, so it has no --no- form (leave it out)\n');
  });
  it('covers every option of every command that takes a value, and the yes/no flags are the rest (the --help texts list them)', async () => {
    const flags = new Set<string>();
    const byCommand = new Map<string, Set<string>>();
    for (const command of ['', 'rules', 'diff', 'init']) {
      const m = memoryIo();
      await main([...(command ? [command] : []), '--help'], m.io);
      const lines = [...m.stdout().matchAll(/^\s+(?:-([a-z]), )?--([a-z-]+)(?=\s|$)/gm)];
      const own = new Set(lines.map((match) => match[2] as string));
      byCommand.set(command, own);
      // Each command's own flags (not --help and --version, everyone's), and their one-letter forms.
      expect([...own].filter((flag) => flag !== 'help' && flag !== 'version').sort()).toEqual([...COMMAND_FLAGS[(command || 'lint') as keyof typeof COMMAND_FLAGS]].sort());
      for (const [, short, long] of lines) if (short !== undefined && short !== 'h') expect({ short, long: SHORT_FLAGS[short] }).toEqual({ short, long });
      for (const flag of own) flags.add(flag);
    }
    expect([...flags].filter((flag) => !BOOLEAN_FLAGS.includes(flag)).sort()).toEqual([...VALUE_FLAGS].sort());
    expect(BOOLEAN_FLAGS.every((flag) => flags.has(flag))).toBe(true);
    // The positional arguments, from the command lines of the top-level help (`diff <old> [new]`).
    const top = memoryIo();
    await main(['--help'], top.io);
    const positionals = [...top.stdout().matchAll(/^\s+oauthlint \w+((?: [<[]\w+[>\]])+)/gm)].flatMap((match) => [...(match[1] as string).matchAll(/\w+/g)].map((word) => word[0]));
    expect(positionals.sort()).toEqual([...POSITIONALS].sort());
  });
});

describe('booleanValueProblem', () => {
  it('refuses a value other than true or false for a boolean flag (yargs read --verified=yes as false)', () => {
    expect(booleanValueProblem(['--verified=yes'])).toBe('--verified takes no value (--verified for true, --no-verified for false), got "--verified=yes"');
    expect(booleanValueProblem(['-i', 'x', '--quiet=maybe'])).toBe('--quiet takes no value (--quiet for true, --no-quiet for false), got "--quiet=maybe"');
    expect(booleanValueProblem(['-q=1'])).toBe('-q takes no value (--quiet for true, --no-quiet for false), got "-q=1"');
    expect(booleanValueProblem(['--no-color=true'])).toBe('--no-color takes no value (--no-color alone is --color=false), got "--no-color=true"');
    // A filter asked for both ways: the last one won without a word.
    for (const both of [['--verified', '--no-verified'], ['--no-verified', '--verified=true'], ['--verified=false', '--verified']]) {
      expect(booleanValueProblem(both)).toBe('--verified and --no-verified were both given: keep the one you mean');
    }
    for (const fine of [['--verified=true'], ['--color=false'], ['--quiet'], ['--no-verified'], ['--format=json'], ['--', '--quiet=x'], ['--name=quiet=x'], ['--color', '--no-color'], ['--verified', '--', '--no-verified']]) {
      expect(booleanValueProblem(fine)).toBeUndefined();
    }
  });
});

describe('explainValues', () => {
  const facts = { aliases: { format: ['f'], 'fail-on': [] }, choices: { format: ['text', 'json', 'sarif'], 'fail-on': ['error', 'warning', 'note', 'none'] } };
  it('says which flag needs a value, and which values it takes', () => {
    expect(explainValues('Not enough arguments following: f', facts)).toBe('-f (--format) needs a value: one of "text", "json", "sarif"');
    expect(explainValues('Not enough arguments following: input', facts)).toBe('--input needs a value');
  });
  it('words a refused choice, with the likely one', () => {
    const yargsSays = 'Invalid values:\n  Argument: format, Given: "jsn", Choices: "text", "json", "sarif"';
    expect(explainValues(yargsSays, facts)).toBe('--format: expected one of "text", "json", "sarif", got "jsn" (did you mean "json"?)');
    const two = `${yargsSays}\n  Argument: fail-on, Given: "warn", Choices: "error", "warning", "note", "none"`;
    expect(explainValues(two, facts)).toBe('Invalid values:\n  --format: expected one of "text", "json", "sarif", got "jsn" (did you mean "json"?)\n  --fail-on: expected one of "error", "warning", "note", "none", got "warn" (did you mean "warning"?)');
    expect(explainValues('Invalid values:\n  Argument: format, Given: 1, Choices: "text"', facts)).toBe('--format: expected one of "text", "json", "sarif", got 1');
    expect(explainValues('Unknown argument: x', facts)).toBe('Unknown argument: x');
    expect(explainValues('Invalid values:\n  Argument: format, Given: "json,sarif", Choices: "text", "json", "sarif"', facts)).toBe(
      '--format: expected one of "text", "json", "sarif", got "json,sarif" (give --format once for each: --format json --format sarif)',
    );
  });
});

describe('didYouMean', () => {
  it('finds the name meant despite case, from its beginning, or within a few edits; nothing far off', async () => {
    const { didYouMean } = await import('../src/did-you-mean.js');
    const formats = ['text', 'json', 'sarif', 'markdown'];
    expect(didYouMean('SARIF', formats)).toBe('sarif');
    expect(didYouMean('mark', formats)).toBe('markdown');
    expect(didYouMean('jsno', formats)).toBe('json');
    expect(didYouMean('xml', formats)).toBeUndefined();
    // Two edits of two letters is anything: no guess; one edit of two letters keeps one.
    expect(didYouMean('ab', ['cd', 'xyz'])).toBeUndefined();
    expect(didYouMean('ac', ['ab', 'xyz'])).toBe('ab');
    expect(didYouMean('warn', ['error', 'warning', 'note', 'none'])).toBe('warning');
    expect(didYouMean('public-client', ['public-client-require-pkce', 'public-client-has-secret'])).toBeUndefined();
  });
});

describe('redact', () => {
  it('removes the API key wherever it appears', () => {
    expect(redact('a KEY_0123456789 b KEY_0123456789', { TELNYX_API_KEY: 'KEY_0123456789' })).toBe('a [redacted] b [redacted]');
    expect(redact('nothing', {})).toBe('nothing');
  });
  it('also removes a key read from --api-key-file, which no environment variable names', () => {
    const dir = tempDir({ 'key.txt': 'FILEKEY_0123456789\n' });
    expect(readApiKey({ apiKeyFile: join(dir, 'key.txt') } as never, {})).toBe('FILEKEY_0123456789');
    expect(redact('x FILEKEY_0123456789 y', {})).toBe('x [redacted] y');
  });
});

describe('useColor', () => {
  it('follows flag, then NO_COLOR, then FORCE_COLOR, then the terminal (and TERM=dumb)', () => {
    expect(useColor(false, { FORCE_COLOR: '1' }, { isTTY: true })).toBe(false);
    expect(useColor(true, { NO_COLOR: '1' }, { isTTY: false })).toBe(true);
    expect(useColor(undefined, { NO_COLOR: '1', FORCE_COLOR: '1' }, { isTTY: true })).toBe(false);
    expect(useColor(undefined, { NO_COLOR: '' }, { isTTY: true })).toBe(true);
    expect(useColor(undefined, { FORCE_COLOR: '0' }, { isTTY: true })).toBe(false);
    expect(useColor(undefined, { FORCE_COLOR: '1' }, { isTTY: false })).toBe(true);
    expect(useColor(undefined, {}, { isTTY: true })).toBe(true);
    expect(useColor(undefined, {}, {})).toBe(false);
    // A terminal that says it shows no escapes (Emacs shell mode) gets none, unless asked.
    expect(useColor(undefined, { TERM: 'dumb' }, { isTTY: true })).toBe(false);
    expect(useColor(undefined, { TERM: 'dumb', FORCE_COLOR: '1' }, { isTTY: true })).toBe(true);
    expect(useColor(true, { TERM: 'dumb' }, { isTTY: true })).toBe(true);
    expect(useColor(undefined, { TERM: 'xterm-256color' }, { isTTY: true })).toBe(true);
  });
});

describe('the plain lint command line without yargs', () => {
  /** What main asks runLint to do with `argv` (or the error it prints), through yargs or the fast path. */
  async function outcome(argv: string[], noFastPath: boolean): Promise<{ code: number; stderr: string; options?: LintOptions }> {
    const m = memoryIo();
    let options: LintOptions | undefined;
    const code = await main(argv, m.io, { runLint: async (given) => ((options = given), 0), noFastPath });
    return { code, stderr: m.stderr(), ...(options ? { options } : {}) };
  }

  const groups: string[][] = [
    ['--input', 'c.json'], ['-i', '-'], ['--input=c.json'], ['-i', './my clients.json'], ['--input', '-'],
    ['--config', 'cfg.yml'], ['-c', 'a.json'], ['--config', '-'],
    ['--format', 'json'], ['-f', 'sarif'], ['--format=markdown'], ['-f', 'text'], ['-f', 'xml'],
    ['--output', 'r.json'], ['-o', '-'], ['-o', 'reports/x.sarif'], ['--output=2026.json'], ['-o', '.5'],
    ['--fail-on', 'none'], ['--fail-on=warning'], ['--fail-on', 'critical'],
    ['--now', '2026-12-01T00:00:00Z'], ['--now', '2026-01-01'], ['--now', 'yesterday'], ['--now', '2026-02-30'],
    ['--quiet'], ['-q'], ['--color'], ['--no-color'],
    ['--sarif-category', 'oauthlint/acme/'], ['--baseline', 'b.json'], ['--write-baseline', 'w.json'], ['--previous', 'p.json'], ['--save-snapshot', 's.json'],
    ['--input'], ['--page-size', '50'], ['rules'], ['--help'], ['-x'], ['--output.sarif', 'o.sarif'],
  ];

  it('gives runLint what yargs gives it, or the same error, on 400 generated command lines', async () => {
    const random = seededRandom(20261201);
    let fast = 0;
    for (let n = 0; n < 400; n++) {
      const argv: string[] = [];
      for (let k = Math.floor(random() * 6); k > 0; k--) argv.push(...(groups[Math.floor(random() * groups.length)] as string[]));
      if (fastLintArgs(argv) !== undefined) fast++;
      const viaYargs = await outcome(argv, true);
      expect({ argv, ...(await outcome(argv, false)) }).toEqual({ argv, ...viaYargs });
    }
    // Most of them take the fast path, so the comparison covers it.
    expect(fast).toBeGreaterThan(100);
  }, 30_000);

  it('leaves to yargs what it does not read the way yargs does', () => {
    expect(fastLintArgs(['--input', 'c.json', '--format', 'json', '-o', 'r.json'])).toBeDefined();
    for (const argv of [['--help'], ['rules'], ['-i', 'a', '-i', 'b'], ['-o', '2026'], ['--output.sarif', 'x'], ['--page-size', '5'], ['--input'], ['-f', 'xml'], ['--config', '-'], ['--failOn', 'none']]) {
      expect(fastLintArgs(argv)).toBeUndefined();
    }
  });
});
