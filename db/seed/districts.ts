/**
 * Kent's 12 districts. Which area (North, South, East, West) each sits in is council configuration, not
 * confirmed fact (DOMAIN.md): it is seeded here as data the council can change, never used as a constant.
 */
export const KENT_DISTRICTS = [
  { code: "ashford", name: "Ashford", area: "South" },
  { code: "canterbury", name: "Canterbury", area: "East" },
  { code: "dartford", name: "Dartford", area: "North" },
  { code: "dover", name: "Dover", area: "South" },
  { code: "folkestone-hythe", name: "Folkestone & Hythe", area: "South" },
  { code: "gravesham", name: "Gravesham", area: "North" },
  { code: "maidstone", name: "Maidstone", area: "West" },
  { code: "sevenoaks", name: "Sevenoaks", area: "North" },
  { code: "swale", name: "Swale", area: "East" },
  { code: "thanet", name: "Thanet", area: "East" },
  { code: "tonbridge-malling", name: "Tonbridge & Malling", area: "West" },
  { code: "tunbridge-wells", name: "Tunbridge Wells", area: "West" },
] as const;
