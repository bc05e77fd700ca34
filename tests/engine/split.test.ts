import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitIntoSentences } from '../../src/engine/split.js';

const sentences = (paragraph: string) => splitIntoSentences(paragraph).map((span) => paragraph.slice(span.start, span.end));

describe('abbreviations', () => {
  it('keeps U.S. and U.K. inside a sentence when a name or a lowercase word follows', () => {
    expect(sentences('The U.S. Navy sent two ships. The U.K. declined to join.')).toEqual([
      'The U.S. Navy sent two ships.',
      'The U.K. declined to join.',
    ]);
    expect(sentences('No U.S. forces were harmed in the raid. Nobody was hurt.')).toEqual([
      'No U.S. forces were harmed in the raid.',
      'Nobody was hurt.',
    ]);
    expect(sentences('Talks between U.K. and French officials went on late.')).toEqual([
      'Talks between U.K. and French officials went on late.',
    ]);
  });

  it('ends a sentence at U.S. or U.K. when a usual opener follows', () => {
    expect(sentences('Her family moved to the U.S. They settled in Ohio.')).toEqual([
      'Her family moved to the U.S.',
      'They settled in Ohio.',
    ]);
    expect(sentences('Exports fell in the U.K. But imports rose.')).toEqual(['Exports fell in the U.K.', 'But imports rose.']);
  });

  it('never ends a sentence after a title before a name', () => {
    expect(sentences('Mr. Patel met Dr. Moreau near St. Anne’s Church. Gen. Okoro joined them later.')).toEqual([
      'Mr. Patel met Dr. Moreau near St. Anne’s Church.',
      'Gen. Okoro joined them later.',
    ]);
    expect(sentences('Mrs. Lund and Prof. Achebe spoke first.')).toEqual(['Mrs. Lund and Prof. Achebe spoke first.']);
  });

  it('treats St. after a street name as the end of a sentence when an opener follows', () => {
    expect(sentences('The shop is on Carter St. The owner lives above it.')).toEqual([
      'The shop is on Carter St.',
      'The owner lives above it.',
    ]);
    expect(sentences('Stalls on Carter St. and the square open at noon.')).toEqual(['Stalls on Carter St. and the square open at noon.']);
  });

  it('handles a.m. and p.m. in the middle and at the end of a sentence', () => {
    expect(sentences('Polls open at 7 a.m. and close at 10 p.m. on Thursday.')).toEqual([
      'Polls open at 7 a.m. and close at 10 p.m. on Thursday.',
    ]);
    expect(sentences('Polls close at 10 p.m. The count starts at once.')).toEqual(['Polls close at 10 p.m.', 'The count starts at once.']);
    // After a time, a capitalised word that is no day, month or zone starts a sentence...
    expect(sentences('Doors open at 9 a.m. Tickets cost £5.')).toEqual(['Doors open at 9 a.m.', 'Tickets cost £5.']);
    // ...but a day or a time zone goes with the time.
    expect(sentences('The ferry left at 6 a.m. Monday and docked at 2 p.m. GMT.')).toEqual([
      'The ferry left at 6 a.m. Monday and docked at 2 p.m. GMT.',
    ]);
  });

  it('keeps e.g. and i.e. inside a sentence', () => {
    expect(sentences('Some fruit, e.g. Bramley apples, costs more. Others cost less.')).toEqual([
      'Some fruit, e.g. Bramley apples, costs more.',
      'Others cost less.',
    ]);
    expect(sentences('The fee, i.e. the tax, rose. It was the first rise.')).toEqual([
      'The fee, i.e. the tax, rose.',
      'It was the first rise.',
    ]);
  });

  it('ends a sentence at Inc. or Ltd. when a capitalised opener follows, not before a name', () => {
    expect(sentences('She works for Brightline Inc. The firm makes ferries.')).toEqual([
      'She works for Brightline Inc.',
      'The firm makes ferries.',
    ]);
    expect(sentences('The bid came from Orrin Ltd. It was rejected.')).toEqual(['The bid came from Orrin Ltd.', 'It was rejected.']);
    expect(sentences('Orrin Ltd. Chairman Ada Voss resigned.')).toEqual(['Orrin Ltd. Chairman Ada Voss resigned.']);
  });

  it('reads No. before a number as an abbreviation and "no." elsewhere as the word', () => {
    expect(sentences('He lives at No. 10 with his family.')).toEqual(['He lives at No. 10 with his family.']);
    expect(sentences('The answer was no. Talks ended.')).toEqual(['The answer was no.', 'Talks ended.']);
  });

  it('reads lowercase sat, sun and wed as words, capitalised Sat. and Wed. as days', () => {
    expect(sentences('Nobody sat. Everyone waited.')).toEqual(['Nobody sat.', 'Everyone waited.']);
    expect(sentences('They wed. Guests danced.')).toEqual(['They wed.', 'Guests danced.']);
    expect(sentences('The fair runs until Sat. Entry is free.')).toEqual(['The fair runs until Sat. Entry is free.']);
  });

  it('never ends a sentence at v. or vs.', () => {
    expect(sentences('The case of Brown v. Board of Education changed schools.')).toEqual([
      'The case of Brown v. Board of Education changed schools.',
    ]);
  });
});

describe('initials, numbers and ellipses', () => {
  it('keeps initials with their name', () => {
    expect(sentences('The book is by J. K. Rowling and sold well. Critics disagreed.')).toEqual([
      'The book is by J. K. Rowling and sold well.',
      'Critics disagreed.',
    ]);
    expect(sentences('Traces of E. coli were found. The water was shut off.')).toEqual([
      'Traces of E. coli were found.',
      'The water was shut off.',
    ]);
  });

  it('never splits a decimal', () => {
    expect(sentences('Inflation rose to 3.5% in May. It was 2.9% in April.')).toEqual([
      'Inflation rose to 3.5% in May.',
      'It was 2.9% in April.',
    ]);
    expect(sentences('The fine was $1.25bn.')).toEqual(['The fine was $1.25bn.']);
  });

  it('ends a sentence at an ellipsis before a capital, not before a lowercase word', () => {
    expect(sentences('He waited... Then the door opened.')).toEqual(['He waited...', 'Then the door opened.']);
    expect(sentences('He waited… and waited.')).toEqual(['He waited… and waited.']);
    expect(sentences('The list goes on...')).toEqual(['The list goes on...']);
  });
});

describe('quotations', () => {
  it('keeps ? or ! inside a quotation with a lowercase attribution after it', () => {
    expect(sentences('“Why?” he asked. Nobody answered.')).toEqual(['“Why?” he asked.', 'Nobody answered.']);
    expect(sentences('“Run!” she shouted, and they ran.')).toEqual(['“Run!” she shouted, and they ran.']);
  });

  it('splits a quotation of several sentences, the closing quote going with the last', () => {
    expect(sentences('She said: “We will rebuild. We will not leave.” The crowd cheered.')).toEqual([
      'She said: “We will rebuild.',
      'We will not leave.”',
      'The crowd cheered.',
    ]);
  });

  it('ends a quotation after initials or an abbreviation when its quote closes', () => {
    expect(sentences('He said: “A. B. C.” Then he left.')).toEqual(['He said: “A. B. C.”', 'Then he left.']);
    expect(sentences('He said: “We trust the U.S.” The minister nodded.')).toEqual([
      'He said: “We trust the U.S.”',
      'The minister nodded.',
    ]);
    expect(sentences('She said “no.” He said “yes.”')).toEqual(['She said “no.”', 'He said “yes.”']);
  });

  it('keeps closing quotes and brackets after the full stop in the sentence', () => {
    expect(sentences('“It is over.” The minister left.')).toEqual(['“It is over.”', 'The minister left.']);
    expect(sentences('He said ‘enough.’ She agreed.')).toEqual(['He said ‘enough.’', 'She agreed.']);
    expect(sentences('Prices rose. (The index fell.) Then it rose.')).toEqual(['Prices rose.', '(The index fell.)', 'Then it rose.']);
  });
});

describe('edges of a paragraph', () => {
  it('keeps a line without final punctuation as one sentence', () => {
    expect(sentences('Listen to The Morning Desk every Friday')).toEqual(['Listen to The Morning Desk every Friday']);
    expect(sentences('A full sentence. And a tail without a stop')).toEqual(['A full sentence.', 'And a tail without a stop']);
  });

  it('gives no sentence for an empty line or one without letters or digits', () => {
    expect(sentences('')).toEqual([]);
    expect(sentences('   \t ')).toEqual([]);
    expect(sentences('... — ***')).toEqual([]);
  });

  it('keeps stray marks with a sentence instead of dropping them', () => {
    expect(sentences('— The boats sank. —')).toEqual(['— The boats sank. —']);
    expect(sentences('... Then it rained.')).toEqual(['... Then it rained.']);
  });

  it('trims spaces around sentences and reports offsets into the paragraph', () => {
    const paragraph = '  First one.   Second one!  ';
    expect(splitIntoSentences(paragraph)).toEqual([
      { start: 2, end: 12 },
      { start: 15, end: 26 },
    ]);
  });
});

/** Pieces that stress the splitter: abbreviations, initials, numbers, quotes, stray marks. */
const piece = fc.constantFrom(
  'the',
  'The',
  'He',
  'said',
  'U.S.',
  'U.K.',
  'Mr.',
  'Dr.',
  'St.',
  'Inc.',
  'a.m.',
  'p.m.',
  'e.g.',
  'J.',
  'K.',
  'No.',
  'no.',
  '10',
  '3.5%',
  'ends.',
  'Why?',
  'Stop!',
  '...',
  '…',
  '“',
  '”',
  '‘',
  '’',
  '"',
  '—',
  '(',
  ')',
  'Monday.',
  'x',
  '*',
);
const separator = fc.constantFrom(' ', '  ', '', '\t', ' ');
const paragraphArbitrary = fc
  .array(fc.tuple(piece, separator), { maxLength: 40 })
  .map((parts) => parts.map(([word, space]) => word + space).join(''));

describe('every span is an exact slice', () => {
  it('spans are ordered, non-overlapping, trimmed, have a word, and lose no text', () => {
    fc.assert(
      fc.property(fc.oneof(paragraphArbitrary, fc.string({ maxLength: 80 })), (paragraph) => {
        const spans = splitIntoSentences(paragraph);
        let previousEnd = 0;
        let rebuilt = '';
        for (const [i, span] of spans.entries()) {
          expect(span.start).toBeGreaterThanOrEqual(previousEnd);
          expect(span.end).toBeGreaterThan(span.start);
          expect(span.end).toBeLessThanOrEqual(paragraph.length);
          const text = paragraph.slice(span.start, span.end);
          expect(text).toBe(text.trim());
          expect(text).toMatch(/[\p{L}\p{N}]/u);
          const gap = paragraph.slice(previousEnd, span.start);
          // Sentences meet only at whitespace: nothing between them is dropped.
          expect(gap.trim()).toBe('');
          if (i > 0) expect(gap.length).toBeGreaterThan(0);
          rebuilt += gap + text;
          previousEnd = span.end;
        }
        rebuilt += paragraph.slice(previousEnd);
        expect(rebuilt).toBe(paragraph);
        if (/[\p{L}\p{N}]/u.test(paragraph)) {
          expect(spans.length).toBeGreaterThan(0);
          expect(paragraph.slice(previousEnd).trim()).toBe('');
        } else {
          expect(spans).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a paragraph made of whole sentences splits back into them', () => {
    const plain = fc.constantFrom('The boats sank.', 'Nobody was hurt!', 'Why did it happen?', 'It rained all day.', 'Ships left at dawn.');
    fc.assert(
      fc.property(fc.array(plain, { minLength: 1, maxLength: 8 }), (parts) => {
        expect(sentences(parts.join(' '))).toEqual(parts);
      }),
    );
  });
});
