// `--name value` and `--flag` arguments of the simulation commands, checked against what each accepts.

type Args = Map<string, string | true>;

/** Parses argv; throws on an option the command does not know. */
export function parseArgs(argv: string[], known: readonly string[]): Args {
  const out: Args = new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split('=', 2);
    if (!known.includes(name)) throw new Error(`unknown option --${name} (known: ${known.map((k) => `--${k}`).join(', ')})`);
    const next = argv[i + 1];
    if (inline !== undefined) out.set(name, inline);
    else if (next !== undefined && !next.startsWith('--')) {
      out.set(name, next);
      i++;
    } else out.set(name, true);
  }
  return out;
}

/** A whole-number option, or its default. */
export function intArg(args: Args, name: string, fallback: number): number {
  const value = args.get(name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`--${name} takes a whole number`);
  return n;
}
