import { i18n } from '@/i18n';
import { reviewMessages } from '@/i18n/en/review';

// Until en.ts spreads reviewMessages (requested from the integrator), the review page adds them itself;
// merging the same messages again is harmless.
if (!i18n.global.te('offlineReview.verifying')) i18n.global.mergeLocaleMessage('en', reviewMessages);
