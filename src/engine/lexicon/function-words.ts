/**
 * English closed-class words. WordNet covers only nouns, verbs, adjectives and adverbs, so it does not know "how",
 * "the" or "of"; without this list a spelling corrector would take them for typos. They are their own lemmas and
 * expand to nothing.
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  `
a an the this that these those each every either neither some any no none all both half several such what which whose
who whom whoever whomever whatever whichever how why when where whence whither whether wherever whenever however
i me my mine myself you your yours yourself yourselves he him his himself she her hers herself it its itself we us our
ours ourselves they them their theirs themselves one oneself someone somebody something anyone anybody anything everyone
everybody everything nobody nothing
am is are was were be been being have has had having do does did doing done
can could may might must shall should will would ought
not nor and or but yet so if unless because since although though while whereas than as
of to in on at by for with from into onto upon about above across after against along amid among around before behind
below beneath beside besides between beyond despite down during except inside like near off out outside over past per
through throughout till toward towards under underneath unlike until up via within without
there here then thus hence
`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);
