import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ROOT, runScript } from '../support/spawn-script.js';

/**
 * Answer quality cannot fall with every test green: `npm run eval` runs as operators run it, and
 * each recorded figure of our engine (with meaning and words only) on every question set must
 * stay at or above the floor in eval/floors.json.
 */

const FIGURES = ['recallAt1', 'recallAt3', 'mrr', 'oosAbstained'] as const;
const figuresSchema = z.object(
  Object.fromEntries(FIGURES.map((f) => [f, z.number().min(0).max(1)])) as Record<(typeof FIGURES)[number], z.ZodNumber>,
);
const floorsSchema = z.object({ sets: z.record(z.string(), z.record(z.string(), figuresSchema)) });
const reportSchema = z.object({
  sets: z.array(z.object({ name: z.string(), engines: z.array(figuresSchema.extend({ engine: z.string() })) })),
});

const floors = floorsSchema.parse(JSON.parse(readFileSync(join(ROOT, 'eval', 'floors.json'), 'utf8')));

describe('npm run eval against the floors in eval/floors.json', () => {
  it('keeps every recorded figure of every set at or above its floor', async () => {
    const run = runScript('src/cli/eval.ts', ROOT, {}, ['--json']);
    expect(await run.exit).toBe(0);
    const report = reportSchema.parse(JSON.parse(run.stdout()));
    const below: string[] = [];
    for (const [setName, engines] of Object.entries(floors.sets)) {
      const set = report.sets.find((s) => s.name === setName);
      expect(set, `the set "${setName}" is no longer evaluated`).toBeDefined();
      for (const [engineName, floor] of Object.entries(engines)) {
        const measured = set?.engines.find((e) => e.engine === engineName);
        expect(measured, `"${engineName}" is missing from the set "${setName}"`).toBeDefined();
        for (const figure of FIGURES) {
          const value = measured?.[figure] ?? 0;
          if (value < floor[figure]) below.push(`${setName} / ${engineName} / ${figure}: ${value.toFixed(3)} < floor ${floor[figure]}`);
        }
      }
    }
    expect(below).toEqual([]);
    // Every set eval runs has floors: a new set gets them when it is added.
    expect(report.sets.map((s) => s.name).sort()).toEqual(Object.keys(floors.sets).sort());
  }, 120_000);
});
