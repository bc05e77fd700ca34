/**
 * eval/second-story's page furniture, as a reader of the file sees it: the lines that are not the
 * story (a video caption, "Read more:" and other articles' headlines, a newsletter box). The
 * furniture detector must flag exactly these, and the engine must never answer with them.
 */
export const SECOND_STORY_FURNITURE = [
  'Watch: Residents queue for bottled water in Kellbridge',
  'Read more:',
  'Council approves new cycle lanes despite shopkeepers’ objections',
  'Kellbridge Rovers sign striker on two-year deal',
  'Heatwave warning issued for the north-west',
  'Sign up to our newsletter for the latest local news, delivered to your inbox every morning.',
] as const;
