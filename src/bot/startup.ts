/** What the entry points (`npm start`, `start:sharded`, `start:http`, `deploy-commands`) say when they cannot start. */
import type { ConfigError } from '../config.js';

/** A configuration problem as an operator reads it: what is wrong, where to set it, then `hint` (if any). */
export function configProblem(err: ConfigError, hint = ''): string {
  return `${err.message}\n\nSet them in .env (see .env.example) or in the environment.${hint}`;
}

/** Gives up starting: the reason on stderr, exit 1. */
export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
