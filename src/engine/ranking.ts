/**
 * Every ranking constant of the engine, each named with what it does. General weights, set once by measuring every
 * question set together (`npm run eval`), never per question or per story.
 */

/** How the sentence encoder's cosine joins the lexical evidence (decide.ts). */
export const MEANING = {
  /**
   * Answer when the encoder is at least this sure of one passage (cosine), even if the words cover less than
   * `minCoverage`: paraphrases no word rule links. Near-miss out-of-scope questions reached 0.56 on our sets.
   */
  confidentCosine: 0.6,
  /** A passage the lexical search missed joins the candidates when its cosine is at least this… */
  candidateCosine: 0.4,
  /** …and at least this share of the best cosine. */
  candidateRelativeCosine: 0.7,
  /** How many of the nearest passages by meaning are considered at all. */
  nearest: 10,
  /** Weight of the lexical score (divided by the best) in the final order; the cosine weighs the rest. */
  lexicalWeight: 0.3,
  /** Above this many passages, cosines are computed only for the lexical candidates (no search by meaning alone). */
  denseSearchLimit: 50_000,
};

/** Tuning of the ranking: general weights, set once on the eval set, never per question. */
export const DEFAULT_RANKING = {
  fields: { text: 1, speaker: 0.2, context: 0.2 },
  /** Credit a concept gets when it matches only in a field other than the passage's own text. */
  fieldCredit: { text: 1, speaker: 0.85, context: 0.15 } as Record<string, number>,
  /** Credit for the sentence before when this one refers back to it ("they", "Both strikes…"). */
  anaphoricContextCredit: 0.5,
  /** Answers need at least this share of the question's meaning (idf-weighted). */
  minCoverage: 0.55,
  /** Answers after the first need at least this coverage… */
  minFollowerCoverage: 0.35,
  /** …and this share of the first's. */
  minRelativeCoverage: 0.6,
  /** Multiplier when a passage gives what the question asks for (a number for "how many"...). */
  featureBoost: 1.35,
  candidates: 60,
  typoWeight: 0.85,
  prefixWeight: 0.9,
  entityWeight: 1,
  /** How far the importance of a word the stories never use falls with its commonness in English. */
  commonDiscount: 0.9,
  shorthandImportance: 0.3,
  /** Weight a relative needs for the stories' use of it to count as their use of the word. */
  knownRelativeWeight: 0.5,
  /** Importance of a verb the stories never use, against a noun's. */
  unknownVerbImportance: 0.5,
  /** Weight of a missing concept that the stories use elsewhere, against 1 for one they never use. */
  missingKnownWeight: 0.5,
  /** Each content word of a multi-word WordNet relative stands for the word at this share of the relative's weight. */
  multiWordRelativeWeight: 0.8,
  /** Bonus per pair of consecutive question concepts found close together in the passage. */
  proximityBonus: 0.12,
  proximityWindow: 3,
  /** A term in more passages than this share of the archive (and at least this many) is searched only among the candidates of the rarer ones. */
  commonTermShare: 0.01,
  commonTermMinPassages: 500,
  /** How many of the best candidates the proximity rerank looks at. */
  rerankDepth: 10,
  /** Meaning (the sentence encoder) beside the words; see decide.ts. */
  meaning: MEANING,
};

export type Ranking = typeof DEFAULT_RANKING;
