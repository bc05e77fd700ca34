import { describe, expect, it } from 'vitest';
import { findEntities, tokenize } from '../../src/engine/analyze.js';

const entities = (text: string, question = false) => findEntities(tokenize(text), question).map((m) => m.entity);

describe('gazetteer: the names newsrooms use for a country or body', () => {
  it('reads the US defence department under any of its names, British spellings included', () => {
    expect(entities('The Department of Defense said')).toEqual(['dod']);
    expect(entities('what did the defence department say', true)).toEqual(['dod']);
    expect(entities('The Department of Defence said')).toEqual(['dod']);
    expect(entities('The War Department announced')).toEqual(['dod']);
  });

  it('leaves the pronoun "us" alone and reads the capitalised US as the country', () => {
    expect(entities('what did they tell us', true)).toEqual([]);
    expect(entities('A Pentagon official told the US press')).toEqual(['us', 'us']);
  });
});
