import type { TestProject } from 'vitest/node';
import { loadLexicon } from '../../src/engine/lexicon.js';
import { type Cluster, removeCluster, SKIP_ENV, startCluster } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway PostgreSQL cluster's admin URL; '' only when STORE_TESTS_SKIP_POSTGRES=1. */
    postgresUrl: string;
  }
}

/**
 * Before the test workers start:
 * - builds the WordNet lexicon cache once (on a fresh clone every worker would otherwise build it at
 *   the same time: seconds and hundreds of MB each);
 * - starts a throwaway PostgreSQL cluster for the store tests, which run against SQLite and
 *   PostgreSQL alike. Without PostgreSQL the run fails here, loudly; STORE_TESTS_SKIP_POSTGRES=1
 *   skips those tests on a machine without it (never in CI).
 */
export default function setup(project: TestProject): () => void {
  let cluster: Cluster | undefined;
  if (process.env[SKIP_ENV] === '1') {
    console.warn(`${SKIP_ENV}=1: the PostgreSQL half of the store tests is skipped`);
    project.provide('postgresUrl', '');
  } else {
    cluster = startCluster();
    const started = cluster;
    // Should the run be interrupted, the server still goes.
    process.once('exit', () => removeCluster(started));
    project.provide('postgresUrl', cluster.url);
  }
  loadLexicon();
  return () => {
    if (cluster) removeCluster(cluster);
  };
}
