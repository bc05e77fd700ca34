/** What the entry points (`npm start`, `start:sharded`, `start:http`, `deploy-commands`) say when they cannot start. */
import { ConfigError } from '../config.js';

/** A configuration problem as an operator reads it: what is wrong, where to set it, then `hint` (if any). */
export function configProblem(err: ConfigError, hint = ''): string {
  return `${err.message}\n\nSet them in .env (see .env.example) or in the environment.${hint}`;
}

/** Gives up starting: the reason on stderr, exit 1. */
export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** The configuration `load` reads; a ConfigError ends the start (see `configProblem`, `hint` adds to it), anything else is thrown on. */
export function configOrFail<T>(load: () => T, hint: (err: ConfigError) => string = () => ''): T {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return fail(configProblem(err, hint(err)));
  }
}
