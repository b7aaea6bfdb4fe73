// Purposes that seed separate random streams, so that e.g. adding a card type
// does not reshuffle every transaction.
export const STREAM = {
  organization: 1,
  cardholder: 2,
  card: 3,
  day: 4,
  scale: 5,
  lead: 6,
  injected: 7,
} as const;
