// The directory's own plain-language vocabulary for social prescribing, with stable ids so that
// seed data, imports and searches agree on what each term means.

export type TaxonomyCode = 'needs' | 'activity-types' | 'suitability';

export interface VocabularyTerm {
  id: string;
  code: string;
  name: string;
  description: string;
  /** Words and phrases people use for this term, matched in free-text searches. */
  synonyms: string[];
}

export interface Vocabulary {
  id: string;
  code: TaxonomyCode;
  name: string;
  description: string;
  terms: VocabularyTerm[];
}

export const vocabularies: Vocabulary[] = [
  {
    id: '514dc65b-9937-5333-a466-b1261ac57f87',
    code: 'needs',
    name: 'Needs',
    description: 'What a person is looking for help with, in plain language, for social prescribing.',
    terms: [
      {
        id: 'f0d03135-9b5e-55ab-b139-bb8d9a722741',
        code: 'loneliness',
        name: 'Loneliness and social connection',
        description: 'Meeting people, making friends, feeling less alone.',
        synonyms: [
          'lonely',
          'isolated',
          'isolation',
          'alone',
          'on my own',
          'no friends',
          'meet people',
          'make friends',
          'company',
          'social',
          'socialising',
          'lost my wife',
          'lost my husband',
          'widowed',
          'living alone',
        ],
      },
      {
        id: '993661fc-7b91-5edf-9167-44d4afd7466b',
        code: 'low-mood-anxiety',
        name: 'Low mood and anxiety',
        description: 'Feeling down, worried, stressed or anxious.',
        synonyms: [
          'low mood',
          'feeling low',
          'feeling down',
          'depressed',
          'depression',
          'anxious',
          'anxiety',
          'worried',
          'stress',
          'stressed',
          'panic',
          'mental health',
          'wellbeing',
          'confidence',
        ],
      },
      {
        id: 'd58507fb-7b2e-5ec9-96c1-996a27ebc778',
        code: 'getting-active',
        name: 'Getting active',
        description: 'Gentle exercise, sport and moving more.',
        synonyms: [
          'exercise',
          'get fit',
          'get fitter',
          'fitness',
          'keep fit',
          'active',
          'physical activity',
          'move more',
          'weight',
          'sport',
          'strength',
          'balance',
          'falls',
        ],
      },
      {
        id: 'd59c8346-5990-5677-aa7b-8b2596846e06',
        code: 'arts-creativity',
        name: 'Arts and creativity',
        description: 'Art, craft, music, singing, writing and drama.',
        synonyms: [
          'art',
          'arts',
          'craft',
          'crafts',
          'creative',
          'painting',
          'drawing',
          'music',
          'singing',
          'choir',
          'knitting',
          'sewing',
          'writing',
          'drama',
          'pottery',
          'photography',
        ],
      },
      {
        id: 'e4a5a43f-4bfd-5b26-81c5-921df9171afc',
        code: 'nature-outdoors',
        name: 'Nature and the outdoors',
        description: 'Gardening, green spaces, conservation and walks.',
        synonyms: [
          'nature',
          'outdoors',
          'outside',
          'garden',
          'gardening',
          'allotment',
          'green space',
          'park',
          'conservation',
          'wildlife',
          'fresh air',
        ],
      },
      {
        id: '5c9baf58-aa4f-581c-8fcb-559d191e8a6e',
        code: 'learning-skills',
        name: 'Learning and skills',
        description: 'Classes, courses, computers, languages and cooking.',
        synonyms: [
          'learning',
          'learn',
          'course',
          'class',
          'skills',
          'computer',
          'computers',
          'digital',
          'IT',
          'English',
          'ESOL',
          'language',
          'cooking',
          'reading',
        ],
      },
      {
        id: 'd56a73cb-728d-5bef-b417-48a45649cba7',
        code: 'volunteering',
        name: 'Volunteering',
        description: 'Giving time, helping others and building confidence.',
        synonyms: ['volunteer', 'volunteering', 'help others', 'giving back', 'purpose', 'give back'],
      },
      {
        id: 'a5b88686-807c-53dd-be95-b43fe44536b6',
        code: 'carers',
        name: 'Carers',
        description: 'Support and time out for people who look after someone.',
        synonyms: ['carer', 'carers', 'caring', 'looking after', 'unpaid carer', 'young carer', 'respite'],
      },
      {
        id: '313bc4df-5f2f-5db0-96aa-88faf80da6a7',
        code: 'bereavement',
        name: 'Bereavement',
        description: 'Support after someone has died.',
        synonyms: [
          'bereavement',
          'bereaved',
          'grief',
          'grieving',
          'loss',
          'lost my',
          'died',
          'death',
          'widow',
          'widower',
          'lost my wife',
          'lost my husband',
          'lost my partner',
          'passed away',
        ],
      },
      {
        id: '2e051732-c6e3-53b3-a404-83cb2e7f0216',
        code: 'long-term-conditions',
        name: 'Living with a long-term condition',
        description:
          "Support for people with conditions such as diabetes, COPD, arthritis, stroke, dementia, Parkinson's or chronic pain.",
        synonyms: [
          'long-term condition',
          'chronic',
          'diabetes',
          'COPD',
          'arthritis',
          'stroke',
          'dementia',
          'memory',
          'parkinsons',
          'chronic pain',
          'heart',
          'cancer',
          'fatigue',
          'long covid',
        ],
      },
      {
        id: 'a3e8b7e1-05bc-5efb-b5fa-ea6de00b08a3',
        code: 'money-housing',
        name: 'Money, housing and practical help',
        description: 'Advice on benefits, debt, bills, housing and food.',
        synonyms: [
          'money',
          'debt',
          'benefits',
          'bills',
          'housing',
          'homeless',
          'food',
          'food bank',
          'advice',
          'cost of living',
          'energy',
          'rent',
        ],
      },
    ],
  },
  {
    id: '48590d89-78d9-5996-bccf-def08d61f26e',
    code: 'activity-types',
    name: 'Activity types',
    description: 'What kind of activity a session is.',
    terms: [
      {
        id: '060c6fc2-cd34-5622-ab7a-3548b99a9354',
        code: 'walking',
        name: 'Walking group',
        description: 'Walking group',
        synonyms: ['walk', 'walks', 'walking', 'ramble', 'stroll'],
      },
      {
        id: '4edf0009-a59d-56a3-8d33-a030a95907ac',
        code: 'gardening',
        name: 'Gardening',
        description: 'Gardening',
        synonyms: ['garden', 'gardening', 'allotment', 'growing'],
      },
      {
        id: '57f60000-ab9e-564a-99d3-25e0fd77cb36',
        code: 'art-craft',
        name: 'Art and craft',
        description: 'Art and craft',
        synonyms: ['art', 'craft', 'painting', 'drawing', 'knitting', 'sewing', 'pottery'],
      },
      {
        id: '000259b6-1249-5d93-bfbf-042fdd08eb24',
        code: 'singing-music',
        name: 'Singing and music',
        description: 'Singing and music',
        synonyms: ['choir', 'singing', 'music', 'ukulele', 'band'],
      },
      {
        id: 'cff99860-b578-5acc-b75d-fb67103707a4',
        code: 'dance',
        name: 'Dance',
        description: 'Dance',
        synonyms: ['dance', 'dancing', 'tea dance'],
      },
      {
        id: 'f5953208-5a1e-57c0-93fb-7fb28ef218f3',
        code: 'chair-exercise',
        name: 'Chair-based exercise',
        description: 'Chair-based exercise',
        synonyms: ['chair exercise', 'seated exercise', 'chair based', 'chair yoga'],
      },
      {
        id: 'f1ce278a-6bdd-533f-b19c-51a3d23c3f65',
        code: 'yoga-tai-chi',
        name: 'Yoga, tai chi and pilates',
        description: 'Yoga, tai chi and pilates',
        synonyms: ['yoga', 'tai chi', 'pilates', 'qigong'],
      },
      {
        id: '395e85b5-af14-5665-82f9-b8217c421ceb',
        code: 'swimming',
        name: 'Swimming',
        description: 'Swimming',
        synonyms: ['swim', 'swimming', 'aqua'],
      },
      {
        id: 'c46b0441-9e9c-502c-8e57-f1afc2e8f2b5',
        code: 'cycling',
        name: 'Cycling',
        description: 'Cycling',
        synonyms: ['cycle', 'cycling', 'bike'],
      },
      {
        id: '36498532-7d7c-5484-917f-43cb15c3bee8',
        code: 'sport',
        name: 'Sport and fitness',
        description: 'Sport and fitness',
        synonyms: [
          'football',
          'walking football',
          'badminton',
          'table tennis',
          'bowls',
          'netball',
          'gym',
          'fitness class',
        ],
      },
      {
        id: 'cdfdb35c-3483-56ab-8687-3d6a4a51575b',
        code: 'social-group',
        name: 'Social group and coffee morning',
        description: 'Social group and coffee morning',
        synonyms: ['coffee morning', 'lunch club', 'social club', 'tea', 'chat', 'natter'],
      },
      {
        id: 'e41f0924-206d-5158-8c46-b9a0565081f4',
        code: 'mens-shed',
        name: "Men's shed",
        description: "Men's shed",
        synonyms: ['mens shed', "men's shed", 'woodwork', 'workshop'],
      },
      {
        id: '7c4db900-8a39-550b-b11d-a1cf7279778b',
        code: 'befriending',
        name: 'Befriending',
        description: 'Befriending',
        synonyms: ['befriending', 'befriender', 'phone call', 'telephone friendship', 'visiting'],
      },
      {
        id: '3f46a685-e405-54b6-9cd6-98763a01cbc4',
        code: 'peer-support',
        name: 'Peer support group',
        description: 'Peer support group',
        synonyms: ['support group', 'peer support', 'talking group'],
      },
      {
        id: 'b5966b38-2add-56d7-bac0-bd33a91cafab',
        code: 'cooking-food',
        name: 'Cooking and food',
        description: 'Cooking and food',
        synonyms: ['cooking', 'cook', 'food', 'meal', 'lunch'],
      },
      {
        id: 'e1a63a91-52a6-51f8-829c-f6cc53fa557f',
        code: 'reading-writing',
        name: 'Reading and writing',
        description: 'Reading and writing',
        synonyms: ['book club', 'reading group', 'creative writing', 'poetry'],
      },
      {
        id: '9fe980e5-d622-5111-b740-a65b1309afdb',
        code: 'digital-skills',
        name: 'Digital skills',
        description: 'Digital skills',
        synonyms: ['computer', 'tablet', 'smartphone', 'internet', 'digital'],
      },
      {
        id: '2c85bd6f-34b5-547a-aa36-edc5dcdb92ac',
        code: 'conservation',
        name: 'Conservation and green volunteering',
        description: 'Conservation and green volunteering',
        synonyms: ['conservation', 'litter pick', 'tree planting', 'wildlife'],
      },
      {
        id: 'aa578e81-5aa4-555f-82c1-c58e4dbce0a1',
        code: 'advice-session',
        name: 'Advice session',
        description: 'Advice session',
        synonyms: ['advice', 'drop-in advice', 'benefits advice', 'debt advice'],
      },
      {
        id: '925ffb16-5e1b-51e3-bd22-3a67b2ef3bfe',
        code: 'mindfulness',
        name: 'Mindfulness and relaxation',
        description: 'Mindfulness and relaxation',
        synonyms: ['mindfulness', 'meditation', 'relaxation', 'breathing'],
      },
    ],
  },
  {
    id: 'ea20637b-9e50-53e0-8cc7-393b79cc267a',
    code: 'suitability',
    name: 'Suitability',
    description: 'Who an activity suits and what support is there for newcomers and disabled people.',
    terms: [
      {
        id: 'ed6ddee2-6eb5-5f28-b392-61249049a2fc',
        code: 'women-only',
        name: 'Women only',
        description: 'Women only',
        synonyms: ['women', 'ladies', 'women only'],
      },
      {
        id: '163f552a-9912-5c7e-ba10-005af85f9991',
        code: 'men-only',
        name: 'Men only',
        description: 'Men only',
        synonyms: ['men', 'men only'],
      },
      {
        id: 'fa47bf38-fb50-5f65-be71-43440ee38c32',
        code: 'older-people',
        name: 'Older people (50+)',
        description: 'Older people (50+)',
        synonyms: ['older', 'over 50s', 'over 60s', 'elderly', 'senior', 'retired'],
      },
      {
        id: '7ef08b9d-a27b-5710-a9ad-5307c976d5e3',
        code: 'young-people',
        name: 'Young people (16 to 25)',
        description: 'Young people (16 to 25)',
        synonyms: ['young people', 'youth', 'teenagers'],
      },
      {
        id: '1ef76ade-ad90-526a-b2bc-d88e729c03da',
        code: 'dementia-friendly',
        name: 'Dementia friendly',
        description: 'Dementia friendly',
        synonyms: ['dementia friendly', 'memory'],
      },
      {
        id: '4e49fc47-bd6e-5792-8405-786a1a8d462a',
        code: 'wheelchair-accessible',
        name: 'Wheelchair accessible',
        description: 'Wheelchair accessible',
        synonyms: ['wheelchair', 'step-free', 'step free', 'accessible'],
      },
      {
        id: '79ed6ccb-6ef7-5077-a748-27c920ae4d6c',
        code: 'hearing-loop',
        name: 'Hearing loop',
        description: 'Hearing loop',
        synonyms: ['hearing loop', 'deaf', 'hard of hearing'],
      },
      {
        id: '38725404-41ad-5a50-90ca-4bf37a56399e',
        code: 'drop-in',
        name: 'Drop in, no need to book',
        description: 'Drop in, no need to book',
        synonyms: ['drop in', 'drop-in', 'just turn up', 'no booking'],
      },
      {
        id: '65d45a0c-e6ed-5e93-ae26-c60f9f1baa10',
        code: 'booking-required',
        name: 'Booking needed',
        description: 'Booking needed',
        synonyms: ['booking', 'book ahead', 'referral'],
      },
      {
        id: '2ccbd52d-7383-5bd8-887b-1ab668744bae',
        code: 'new-members-welcome',
        name: 'New members welcome',
        description: 'New members welcome',
        synonyms: ['newcomers', 'new members', 'beginners'],
      },
      {
        id: '9dabdb61-a22d-5301-a4c3-6b638833d3b1',
        code: 'someone-will-meet-you',
        name: 'Someone will meet you',
        description: 'Someone will meet you',
        synonyms: ['meet you', 'welcomer', 'buddy', 'met at the door'],
      },
      {
        id: 'ee2f1533-b52b-5c19-abd7-e1fb8429c96b',
        code: 'bring-a-friend',
        name: 'Bring a friend or carer',
        description: 'Bring a friend or carer',
        synonyms: ['bring a friend', 'bring a carer', 'companion'],
      },
      {
        id: 'd50f00ba-483c-5858-bc3e-bed332f038bd',
        code: 'carers-welcome',
        name: 'Carers welcome',
        description: 'Carers welcome',
        synonyms: ['carers welcome'],
      },
      {
        id: '611a5bf1-53f4-5f5f-8956-d30c87a9d75d',
        code: 'lgbtq-friendly',
        name: 'LGBTQ+ friendly',
        description: 'LGBTQ+ friendly',
        synonyms: ['lgbt', 'lgbtq', 'gay', 'trans'],
      },
      {
        id: '8f147220-fd2c-556e-8c71-00e52c5ea6e1',
        code: 'learning-disability-friendly',
        name: 'Learning disability friendly',
        description: 'Learning disability friendly',
        synonyms: ['learning disability', 'autism', 'autistic'],
      },
    ],
  },
];

export function vocabulary(code: TaxonomyCode): Vocabulary {
  const found = vocabularies.find((v) => v.code === code);
  if (!found) throw new Error(`unknown vocabulary ${code}`);
  return found;
}

export function termByCode(taxonomy: TaxonomyCode, code: string): VocabularyTerm | undefined {
  return vocabulary(taxonomy).terms.find((t) => t.code === code);
}

/** The vocabulary term with this id, and which vocabulary it belongs to; undefined for other taxonomies. */
export function termById(id: string): { taxonomy: TaxonomyCode; term: VocabularyTerm } | undefined {
  for (const v of vocabularies) {
    const term = v.terms.find((t) => t.id === id);
    if (term) return { taxonomy: v.code, term };
  }
  return undefined;
}
