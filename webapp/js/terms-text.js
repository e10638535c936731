// The terms of use page (terms.html, shown in the page's terms dialog) in the page's language.
import { reveal, startLanguage } from './i18n.js';

await startLanguage();
reveal();
