/**
 * @module text/stop-words
 * The stop-word lists of review-stars: NLTK 3.x's English list (179 words) plus the original
 * project's extras, and the set the tokenizer filters with. Data only: no tokenising here.
 */

/** NLTK 3.x `stopwords.words('english')`, in NLTK's order: exactly 179 words. */
export const NLTK_ENGLISH_STOP_WORDS: readonly string[] = Object.freeze([
  'i', 'me', 'my', 'myself', 'we', 'our', 'ours', 'ourselves', 'you', "you're", "you've", "you'll", "you'd",
  'your', 'yours', 'yourself', 'yourselves', 'he', 'him', 'his', 'himself', 'she', "she's", 'her', 'hers',
  'herself', 'it', "it's", 'its', 'itself', 'they', 'them', 'their', 'theirs', 'themselves', 'what', 'which',
  'who', 'whom', 'this', 'that', "that'll", 'these', 'those', 'am', 'is', 'are', 'was', 'were', 'be', 'been',
  'being', 'have', 'has', 'had', 'having', 'do', 'does', 'did', 'doing', 'a', 'an', 'the', 'and', 'but',
  'if', 'or', 'because', 'as', 'until', 'while', 'of', 'at', 'by', 'for', 'with', 'about', 'against',
  'between', 'into', 'through', 'during', 'before', 'after', 'above', 'below', 'to', 'from', 'up', 'down',
  'in', 'out', 'on', 'off', 'over', 'under', 'again', 'further', 'then', 'once', 'here', 'there', 'when',
  'where', 'why', 'how', 'all', 'any', 'both', 'each', 'few', 'more', 'most', 'other', 'some', 'such', 'no',
  'nor', 'not', 'only', 'own', 'same', 'so', 'than', 'too', 'very', 's', 't', 'can', 'will', 'just', 'don',
  "don't", 'should', "should've", 'now', 'd', 'll', 'm', 'o', 're', 've', 'y', 'ain', 'aren', "aren't",
  'couldn', "couldn't", 'didn', "didn't", 'doesn', "doesn't", 'hadn', "hadn't", 'hasn', "hasn't", 'haven',
  "haven't", 'isn', "isn't", 'ma', 'mightn', "mightn't", 'mustn', "mustn't", 'needn', "needn't", 'shan',
  "shan't", 'shouldn', "shouldn't", 'wasn', "wasn't", 'weren', "weren't", 'won', "won't", 'wouldn',
  "wouldn't",
]);

/**
 * The extras the original project removed on top of NLTK's list (it tokenised with NLTK's
 * `word_tokenize`, whose clitic and punctuation tokens these are). Our tokenizer never emits
 * punctuation, and drops one-letter tokens, so most of these are kept only for fidelity.
 */
export const ORIGINAL_EXTRA_STOP_WORDS: readonly string[] = Object.freeze([
  "'ve", "''", "'ll", "'s", '.', ',', '?', '!', '(', ')', '..', "'m", 'n', 'u',
]);

/** Whether stop words are removed (`nltk`: NLTK's list plus the original's extras) or kept. */
export type StopWordsOption = 'nltk' | 'none';

/** Every accepted value of {@link StopWordsOption}. */
export const STOP_WORDS_OPTIONS: readonly StopWordsOption[] = Object.freeze(['nltk', 'none']);

const NLTK_WITH_EXTRAS: ReadonlySet<string> = new Set([...NLTK_ENGLISH_STOP_WORDS, ...ORIGINAL_EXTRA_STOP_WORDS]);
const NO_STOP_WORDS: ReadonlySet<string> = new Set();

/** The set of tokens removed for `option` (empty for `none`). The returned set is shared: do not mutate. */
export function stopWordSet(option: StopWordsOption): ReadonlySet<string> {
  return option === 'nltk' ? NLTK_WITH_EXTRAS : NO_STOP_WORDS;
}
