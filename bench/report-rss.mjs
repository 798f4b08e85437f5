// Preloaded by the benchmarks (node --import): report this process's peak RSS (KiB) on stderr at exit.
process.on('exit', () => process.stderr.write(`__RSS__${process.resourceUsage().maxRSS}\n`));
