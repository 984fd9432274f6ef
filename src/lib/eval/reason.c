/*
 * reason — see reason.h.  The table below has a Swedish and an English template for
 * every code in stats/reasons.h; test_eval_reason fails when one is missing.
 */
#include "eval/reason.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/format.h"

struct reason_texts {
    const char *sv, *en;
};

static const struct reason_texts texts[STAT_R_COUNT] = {
    [STAT_R_BOOT_NO_ESTIMATE] = {"statistikan kan inte beräknas på själva svaren",
        "the statistic cannot be computed on the data themselves"},
    [STAT_R_BOOT_TOO_FEW_VALUES] = {"färre än två omsamplingar gav ett värde, så inget intervall kan bildas",
        "fewer than two resamples gave a value, so no interval can be formed"},
    [STAT_R_BOOT_CONSTANT] = {"varje omsampling gav samma värde, så svaren visar ingen slumpvariation att bygga ett intervall på",
        "every resample gave the same value, so the data show no sampling variation to build an interval from"},
    [STAT_R_BOOT_SKIPPED] = {"några omsamplingar gav inget värde och lämnades utanför",
        "some resamples gave no value and were left out"},
    [STAT_R_BOOT_EXTREME] = {"för få omsamplingar: intervallets gränser är de mest extrema omsamplade värdena",
        "too few resamples: the interval ends are the most extreme resampled values"},
    [STAT_R_BOOT_SKIPPED_EXTREME] = {"några omsamplingar gav inget värde och lämnades utanför; för få omsamplingar: intervallets gränser är de mest extrema omsamplade värdena",
        "some resamples gave no value and were left out; too few resamples: the interval ends are the most extreme resampled values"},
    [STAT_R_BOOT_BCA_ONE_SIDE] = {"varje omsampling hamnade på samma sida om skattningen, så det biaskorrigerade intervallet kan inte bildas",
        "every resample fell on the same side of the estimate, so the bias-corrected interval cannot be formed"},
    [STAT_R_BOOT_BCA_NO_INFLUENCE] = {"inga inflytandevärden för BCa-intervallet",
        "no influence values for the BCa interval"},
    [STAT_R_BOOT_BCA_NO_ACCELERATION] = {"att utesluta ett enskilt svar ändrar inte statistikan, så BCa-intervallets acceleration är odefinierad",
        "leaving out any single answer does not change the statistic, so the acceleration of the BCa interval is undefined"},
    [STAT_R_BOOT_BCA_EXTREME] = {"för få omsamplingar för denna korrigering: intervallets gränser är de mest extrema omsamplade värdena",
        "too few resamples for this correction: the interval ends are the most extreme resampled values"},
    [STAT_R_BOOT_SKIPPED_BCA_EXTREME] = {"några omsamplingar gav inget värde och lämnades utanför; för få omsamplingar för denna korrigering: intervallets gränser är de mest extrema omsamplade värdena",
        "some resamples gave no value and were left out; too few resamples for this correction: the interval ends are the most extreme resampled values"},
    [STAT_R_COUNTS_NOT_WHOLE] = {"antalen måste vara heltal och antalet lyckade får inte vara större än totalen",
        "the counts must be whole numbers with successes not above the total"},
    [STAT_R_NO_EVENTS] = {"det finns inga händelser att testa",
        "there are no events to test"},
    [STAT_R_PROB_LEVEL_RANGE] = {"sannolikheten och konfidensnivån måste ligga mellan 0 och 1",
        "the probability and the confidence level must lie between 0 and 1"},
    [STAT_R_INCIDENT_COUNTS_INVALID] = {"antalet händelser måste vara heltal, noll eller fler",
        "incident counts must be whole numbers of zero or more"},
    [STAT_R_NO_TIME_AT_RISK_BOTH] = {"tiden under risk (dagar, månader eller befolkning) måste vara positiv i båda perioderna",
        "the time at risk (days, months or population) must be positive in both periods"},
    [STAT_R_NO_INCIDENTS_EITHER] = {"det fanns inga händelser vare sig före eller efter, så ingen förändring kan skattas",
        "there were no incidents before or after, so no change can be estimated"},
    [STAT_R_NO_INCIDENTS_BEFORE] = {"det fanns inga händelser före, så kvoten är oändlig; bara den undre gränsen säger något",
        "there were no incidents before, so the rate ratio is infinite; only the lower limit is informative"},
    [STAT_R_NO_INCIDENTS_AFTER] = {"det fanns inga händelser efter; kvoten är 0 och bara den övre gränsen säger något",
        "there were no incidents after; the rate ratio is 0 and only the upper limit is informative"},
    [STAT_R_COUNT_INVALID] = {"ett antal måste vara ett heltal, noll eller mer",
        "a count must be a whole number of zero or more"},
    [STAT_R_NO_TIME_AT_RISK] = {"det finns ingen tid under risk (inga dagar)",
        "there is no time at risk (no days)"},
    [STAT_R_CONF_LEVEL_RANGE] = {"konfidensnivån måste ligga mellan 0 och 1",
        "the confidence level must be between 0 and 1"},
    [STAT_R_NO_DATA] = {"inga data angavs",
        "no data given"},
    [STAT_R_VALUE_INFINITE] = {"värde {0} är oändligt",
        "value {0} is infinite"},
    [STAT_R_WEIGHT_INVALID] = {"vikt {0} är {1}; vikter måste vara positiva tal",
        "weight {0} is {1}; weights must be positive numbers"},
    [STAT_R_NO_VALID_TO_AVERAGE] = {"det finns inga giltiga svar att beräkna medelvärde av",
        "there are no valid answers to average"},
    [STAT_R_MEAN_ONE_ANSWER] = {"bara ett giltigt svar: medelvärdet är det svaret, och dess osäkerhet kan inte skattas",
        "only one valid answer: the mean is that answer, and its uncertainty cannot be estimated"},
    [STAT_R_MEAN_NO_SPREAD] = {"alla giltiga svar är lika ({0}), så medelvärdet har ingen slumpmässig spridning",
        "every valid answer is the same ({0}), so the mean has no sampling spread"},
    [STAT_R_SD_TOO_FEW] = {"en standardavvikelse kräver minst 2 giltiga svar (det finns {0})",
        "a standard deviation needs at least 2 valid answers (there {0:are|is|are} {0})"},
    [STAT_R_SD_ZERO] = {"alla giltiga svar är lika, så spridningen är 0",
        "every valid answer is the same, so the spread is 0"},
    [STAT_R_DOMAIN_FEWER_ROWS] = {"domänen har färre rader än svar",
        "the domain has fewer rows than answers"},
    [STAT_R_QUANTILE_PROB_RANGE] = {"en kvantils sannolikhet måste ligga mellan 0 och 1 (fick {0})",
        "a quantile's probability must be between 0 and 1 (got {0})"},
    [STAT_R_NO_VALID_ANSWERS] = {"det finns inga giltiga svar",
        "there are no valid answers"},
    [STAT_R_CONF_LEVEL_GOT] = {"konfidensnivån måste ligga mellan 0 och 1 (fick {0})",
        "the confidence level must be between 0 and 1 (got {0})"},
    [STAT_R_ALPHA_NO_ITEMS] = {"ingen matris med frågor angavs (eller för många frågor)",
        "no item matrix given (or too many items)"},
    [STAT_R_ALPHA_ANSWER_INFINITE] = {"svar {0} på fråga {1} är oändligt",
        "answer {0} to item {1} is infinite"},
    [STAT_R_ALPHA_TOO_FEW_ITEMS] = {"alfa kräver minst två frågor som de svarande besvarar olika; {0} av {1} uppfyller det",
        "alpha needs at least two items that respondents answer differently; {0} of {1} {0:qualify|qualifies|qualify}"},
    [STAT_R_ALPHA_TOO_FEW_ITEMS_DROPPED] = {"alfa kräver minst två frågor som de svarande besvarar olika; {0} av {1} uppfyller det (ingen variation: fråga {s})",
        "alpha needs at least two items that respondents answer differently; {0} of {1} {0:qualify|qualifies|qualify} (no variation: item {s})"},
    [STAT_R_ALPHA_PAIR_MISSING] = {"några par av frågor besvarades aldrig båda av två eller fler svarande, så deras kovarians är okänd",
        "some pairs of items were never both answered by two or more respondents, so their covariance is unknown"},
    [STAT_R_ALPHA_ITEM_DROPPED] = {"fråga {s} saknade variation och lämnades utanför (som psych::alpha gör)",
        "item {s} had no variation and was left out (as psych::alpha does)"},
    [STAT_R_ALPHA_NEGATIVE] = {"alfa är negativ: frågorna mäter inte samma sak (kontrollera om några frågor är omvänt formulerade)",
        "alpha is negative: the items do not measure the same thing (check for reverse-worded items)"},
    [STAT_R_ALPHA_SUM_CONSTANT] = {"summan av frågorna varierar inte: frågorna tar ut varandra, så alfa är inte definierad (kontrollera om några frågor är omvänt formulerade)",
        "the sum of the items does not vary: the items cancel each other out, so alpha is not defined (check for reverse-worded items)"},
    [STAT_R_POWER_PROB_RANGE] = {"{0:signifikansnivån|styrkan|p1|p2} måste vara en andel {1:mellan 0 och 1|strikt mellan 0 och 1} (fick {2})",
        "{0:the significance level|the power|p1|p2} must be a proportion {1:between 0 and 1|strictly between 0 and 1} (got {2})"},
    [STAT_R_POWER_BELOW_SIZE] = {"styrkan ({0}) måste vara större än {1}, chansen till ett signifikant resultat när det inte finns någon skillnad",
        "the power ({0}) must be larger than {1}, the chance of a significant result when there is no difference"},
    [STAT_R_POWER_N_INVALID] = {"antalet per grupp måste vara positivt (fick {0})",
        "the number per group must be positive (got {0})"},
    [STAT_R_POWER_EQUAL_PROPS] = {"de två andelarna är lika, så inget urval är stort nog för att visa en skillnad",
        "the two proportions are equal, so no sample is large enough to show a difference"},
    [STAT_R_POWER_N_NOT_CONVERGED] = {"sökningen efter antalet per grupp konvergerade inte",
        "the search for the number per group did not converge"},
    [STAT_R_POWER_NO_VARIATION] = {"båda andelarna är {0%}, vilket inte lämnar någon variation att testa",
        "both proportions are {0%}, which leaves no variation to test"},
    [STAT_R_POWER_DIRECTION] = {"riktningen måste vara +1 (ökning) eller -1 (minskning)",
        "the direction must be +1 (increase) or -1 (decrease)"},
    [STAT_R_POWER_UNDETECTABLE] = {"med {0} svar per grupp skulle inte ens en förändring från {1%} till {2%} upptäckas med den begärda styrkan",
        "with {0} answers per group, not even a change from {1%} to {2%} would be detected with the power asked"},
    [STAT_R_POWER_SD_INVALID] = {"standardavvikelsen måste vara ett positivt tal (angiven: {0})",
        "the standard deviation must be a positive number (got {0})"},
    [STAT_R_POWER_T_N_INVALID] = {"ett t-test kräver fler än 1 svar per grupp (angivet: {0})",
        "a t test needs more than 1 answer per group (got {0})"},
    [STAT_R_POWER_DELTA_INVALID] = {"skillnaden måste vara ett tal",
        "the difference must be a number"},
    [STAT_R_POWER_DELTA_ZERO] = {"skillnaden är 0, så inget urval är stort nog att visa den",
        "the difference is 0, so no sample is large enough to show it"},
    [STAT_R_POWER_DELTA_WRONG_SIDE] = {"skillnaden ({0}) går åt det håll som det ensidiga testet inte prövar, så inget urval är stort nog",
        "the difference ({0}) is in the direction the one-sided test does not look for, so no sample is large enough"},
    [STAT_R_POWER_T_N_UNREACHABLE] = {"inget antal per grupp upp till 10^15 når styrkan {0} för skillnaden {1}",
        "no number per group up to 1e15 reaches the power {0} for a difference of {1}"},
    [STAT_R_POWER_T_UNDETECTABLE] = {"med {0} svar per grupp upptäcks ingen skillnad med styrkan {1}",
        "with {0} answers per group no difference is detected with power {1}"},
    [STAT_R_POWER_T_ANY_DETECTED] = {"med {0} svar per grupp upptäcks redan en skillnad på 1e-7 standardavvikelser med styrkan {1}",
        "with {0} answers per group even a difference of 1e-7 standard deviations is detected with power {1}"},
    [STAT_R_POWER_T_FAILED] = {"styrkan kunde inte beräknas",
        "the power could not be computed"},
    [STAT_R_POWER_DELTA_NOT_CONVERGED] = {"sökningen efter den upptäckbara skillnaden konvergerade inte",
        "the search for the detectable difference did not converge"},
    [STAT_R_POWER_P2_NOT_CONVERGED] = {"sökningen efter den upptäckbara andelen konvergerade inte",
        "the search for the detectable proportion did not converge"},
    [STAT_R_MDE_INPUT] = {"den minsta upptäckbara effekten kräver ett positivt medelfel samt nivå och styrka mellan 0 och 1",
        "the minimum detectable effect needs a positive standard error and a level and power between 0 and 1"},
    [STAT_R_INCIDENT_COUNTS_NEGATIVE] = {"antalet händelser måste vara noll eller fler",
        "incident counts must be zero or more"},
    [STAT_R_RES_ZERO_CELL] = {"{0:målområdet före|målområdet efter|jämförelseområdet före|jämförelseområdet efter} hade inga händelser, så det relativa effektmåttet är 0 eller oändligt och saknar konfidensintervall; använd längre perioder eller större områden",
        "{0:the target area before|the target area after|the control area before|the control area after} had no incidents, so the relative effect size is 0 or infinite and has no confidence interval; use longer periods or larger areas"},
    [STAT_R_RES_MONTH_EACH] = {"varje område behöver minst en månad före och en efter",
        "each area needs at least one month before and one after"},
    [STAT_R_MONTHLY_COUNTS_INVALID] = {"månadsantalen måste vara noll eller fler och får inte saknas",
        "monthly counts must be zero or more and not missing"},
    [STAT_R_RES_ONE_MONTH] = {"med bara en månad per område och period kan den extra variationen mellan månader inte skattas",
        "with only one month per area and period the extra variation between months cannot be estimated"},
    [STAT_R_RES_UNDERDISPERSED] = {"månaderna varierar mindre än en Poissonmodell förväntar sig (dispersion {0.2}); intervallet gjordes inte smalare",
        "the months vary less than a Poisson model expects (dispersion {0.2}); the interval was not narrowed"},
    [STAT_R_RES_DISPERSION] = {"variansen multiplicerad med månadsantalens dispersion {0.2}",
        "variance multiplied by the dispersion {0.2} of the monthly counts"},
    [STAT_R_WDQ_CONTROL_ZERO] = {"jämförelseområdet hade inga händelser {0:före|efter}, så de andra områdenas antal kan inte sättas i relation till det och WDQ är odefinierad",
        "the control area had no incidents {0:before|after}, so the other areas' counts cannot be taken relative to it and the WDQ is undefined"},
    [STAT_R_WDQ_NO_SUCCESS] = {"målområdet förändrades precis som jämförelseområdet (framgångsmått 0), så WDQ delar med noll och är odefinierad",
        "the target area changed exactly as the control area did (success measure 0), so the WDQ divides by zero and is undefined"},
    [STAT_R_WDQ_NOT_IMPROVED] = {"varning: målområdet förbättrades inte jämfört med jämförelseområdet (framgångsmått {0}), så WDQ kan inte läsas som förflyttning eller spridning av nytta",
        "warning: the target area did not improve relative to the control area (success measure {0}), so the WDQ cannot be read as displacement or diffusion of benefit"},
    [STAT_R_WDQ_DIFFUSION_MORE] = {"spridning av nytta: buffertområdet förbättrades ännu mer än målområdet självt",
        "diffusion of benefit: the buffer improved even more than the target itself"},
    [STAT_R_WDQ_DIFFUSION] = {"spridning av nytta: buffertområdet förbättrades också",
        "diffusion of benefit: the buffer area improved too"},
    [STAT_R_WDQ_DISPLACEMENT_NET_LOSS] = {"förflyttning större än den direkta effekten: en nettoförlust",
        "displacement larger than the direct effect: a net loss"},
    [STAT_R_WDQ_DISPLACEMENT] = {"förflyttning: en del av effekten flyttade till buffertområdet",
        "displacement: part of the effect moved to the buffer area"},
    [STAT_R_WDQ_NO_CHANGE] = {"ingen förändring i buffertområdet jämfört med jämförelseområdet",
        "no change in the buffer area relative to the control area"},
    [STAT_R_WDD_NO_INCIDENTS] = {"det finns inga händelser alls, så skillnaden saknar varians och kan inte testas",
        "there are no incidents at all, so the difference has no variance and cannot be tested"},
    [STAT_R_WDD_INPUT] = {"antal och vikter måste vara noll eller mer (vikter positiva)",
        "counts and weights must be zero or more (weights positive)"},
    [STAT_R_WDD_NO_BUFFER] = {"inget buffertområde angavs, så förflyttning bedömdes inte",
        "no buffer area was given, so displacement was not assessed"},
    [STAT_R_PROP_COUNTS_NEGATIVE] = {"antalen för {g0} måste vara icke-negativa tal (fick {1} av {2})",
        "the counts of {g0} must be non-negative numbers (got {1} of {2})"},
    [STAT_R_PROP_MORE_YES] = {"{g0} har fler ja-svar ({1}) än svar ({2})",
        "{g0} has more 'yes' answers ({1}) than answers ({2})"},
    [STAT_R_PROP_NO_ANSWERS] = {"{g0} har inga svar, så ingen andel kan skattas",
        "{g0} has no answers, so no proportion can be estimated"},
    [STAT_R_WILSON_NOBODY] = {"ingen i gruppen gav det räknade svaret (0 av {0}); intervallet visar ändå hur hög den sanna andelen kan vara",
        "nobody in this group gave the answer counted (0 of {0}); the interval still shows how high the true share could be"},
    [STAT_R_WILSON_EVERYONE] = {"alla i gruppen gav det räknade svaret ({0} av {0}); intervallet visar ändå hur låg den sanna andelen kan vara",
        "everyone in this group gave the answer counted ({0} of {0}); the interval still shows how low the true share could be"},
    [STAT_R_CHISQ_ALL_SAME] = {"alla i båda grupperna gav samma svar ({0:alla nej|alla ja}), så andelen är {0:0\xc2\xa0%|100\xc2\xa0%} i båda och det finns ingen skillnad att testa",
        "everyone in both groups gave the same answer ({0:all 'no'|all 'yes'}), so the share is {0:0%|100%} in both and there is no difference to test"},
    [STAT_R_CHISQ_SMALL] = {"få svar: ett förväntat antal är under 5, så chi2-testets p-värde är bara ungefärligt (R varnar likadant)",
        "few answers: an expected count is below 5, so the chi-square p-value is only approximate (R warns the same)"},
    [STAT_R_GROUP_NO_DATA] = {"inga data angavs för {g0}",
        "no data given for {g0}"},
    [STAT_R_GROUP_INFINITE] = {"{g0} innehåller ett oändligt värde",
        "{g0} contains an infinite value"},
    [STAT_R_GROUP_SUMMARY_INVALID] = {"sammanfattningen av {g0} (medelvärde, varians, n) är ogiltig",
        "the summary of {g0} (mean, variance, n) is not valid"},
    [STAT_R_GROUP_TOO_FEW_FOR_SPREAD] = {"{g0} har {1:inga svar|bara ett svar}, och minst 2 behövs för att mäta hur mycket svaren varierar",
        "{g0} has {1:no answers|only one answer}, and at least 2 are needed to measure how much answers vary"},
    [STAT_R_T_IDENTICAL] = {"båda grupperna svarade likadant (alla svar är {0}), så det finns ingen variation att testa",
        "both groups answered identically (every answer is {0}), so there is no variation to test"},
    [STAT_R_T_CONSTANT_GROUPS] = {"alla inom varje grupp gav samma svar ({0} efter, {1} före), så ett t-test kan inte bedöma skillnaden",
        "everyone within each group gave the same answer ({0} after, {1} before), so a t-test cannot judge the difference"},
    [STAT_R_T_ONE_CONSTANT] = {"alla i {g0} gav samma svar; testet vilar enbart på den andra gruppens variation",
        "everyone in {g0} gave the same answer; the test rests on the other group's variation alone"},
    [STAT_R_SMD_NO_SPREAD] = {"alla inom varje grupp gav samma svar, så det finns ingen spridning att mäta skillnaden mot",
        "everyone within each group gave the same answer, so there is no spread to measure the difference against"},
    [STAT_R_HEDGES_TOO_FEW] = {"Hedges korrektion för små urval kräver minst 4 svar totalt",
        "Hedges' small-sample correction needs at least 4 answers in all"},
    [STAT_R_NO_COUNTS] = {"inga antal angavs",
        "no counts given"},
    [STAT_R_ANSWER_COUNTS_NEGATIVE] = {"antalet svar måste vara icke-negativa tal (kategori {0})",
        "answer counts must be non-negative numbers (category {0})"},
    [STAT_R_GROUP_EMPTY_COMPARE] = {"{g0} har inga svar, så det finns inget att jämföra",
        "{g0} has no answers, so there is nothing to compare"},
    [STAT_R_MW_ALL_SAME] = {"alla svar i båda grupperna är lika, så det finns ingen ordning att testa",
        "all answers in both groups are the same, so there is no ordering to test"},
    [STAT_R_CLIFF_ALL_SAME] = {"alla svar i båda grupperna är lika, så ingen av grupperna tenderar att svara högre (delta = 0)",
        "all answers in both groups are the same, so neither group tends to answer higher (delta = 0)"},
    [STAT_R_KX2_ALL_SAME] = {"alla i båda grupperna valde samma svar, så de två fördelningarna kan inte skilja sig",
        "everyone in both groups chose the same answer, so the two distributions cannot differ"},
    [STAT_R_KX2_EMPTY_SMALL] = {"{0} svarsalternativ som ingen valde lämnades utanför; få svar: ett förväntat antal är under 5, så p-värdet är bara ungefärligt",
        "{0} answer {0:categories|category|categories} chosen by nobody {0:were|was|were} left out; few answers: an expected count is below 5, so the p-value is only approximate"},
    [STAT_R_KX2_EMPTY] = {"{0} svarsalternativ som ingen valde lämnades utanför",
        "{0} answer {0:categories|category|categories} chosen by nobody {0:were|was|were} left out"},
    [STAT_R_SVY_POP_BAD_STRATUM] = {"populationsstorlek för ett ogiltigt stratum (index {0})",
        "population size for an invalid stratum (index {0})"},
    [STAT_R_SVY_POP_INVALID] = {"populationsstorleken {0} är inte ett tal som är minst 1",
        "the population size {0} is not a number of at least 1"},
    [STAT_R_SVY_ROW_WEIGHT] = {"rad {0} har vikten {1}; enkätvikter måste vara positiva tal",
        "row {0} has weight {1}; survey weights must be positive numbers"},
    [STAT_R_SVY_ROW_INFINITE] = {"rad {0} har ett oändligt värde",
        "row {0} has an infinite value"},
    [STAT_R_SVY_ROW_STRATUM] = {"rad {0} har inget giltigt stratum (index {1})",
        "row {0} has no valid stratum (index {1})"},
    [STAT_R_SVY_ROW_PSU] = {"rad {0} har ingen giltig urvalsenhet (index {1})",
        "row {0} has no valid sampling unit (index {1})"},
    [STAT_R_SVY_ROW_GROUP] = {"rad {0} anger grupp {1}, men bara {2} grupper sattes upp",
        "row {0} names group {1}, but only {2} groups were set up"},
    [STAT_R_SVY_PSU_TWO_STRATA] = {"urvalsenhet {0} förekommer i strata {1} och {2}; varje urvalsenhet måste ligga inom ett stratum (R: clusters not nested in strata)",
        "sampling unit {0} appears in strata {1} and {2}; each sampling unit must lie within one stratum (R: clusters not nested in strata)"},
    [STAT_R_SVY_LONELY_STRATUM] = {"stratum {s0} i omgång {s1} har bara en urvalsenhet, så dess urvalsfel kan inte skattas; slå ihop det med ett liknande stratum (som R gör: survey.lonely.psu = \"fail\")",
        "stratum {s0} in wave {s1} has only one sampling unit, so its sampling error cannot be estimated; merge it with a similar stratum (as R does: survey.lonely.psu = \"fail\")"},
    [STAT_R_SVY_LONELY_STRATUM_INDEX] = {"stratum {0} har bara en urvalsenhet, så dess urvalsfel kan inte skattas; slå ihop det med ett liknande stratum (som R gör: survey.lonely.psu = \"fail\")",
        "stratum {0} has only one sampling unit, so its sampling error cannot be estimated; merge it with a similar stratum (as R does: survey.lonely.psu = \"fail\")"},
    [STAT_R_SVY_LONELY_WAVE] = {"omgång {s} är bara en urvalsenhet ({0:en svarande|ett kluster}), så dess urvalsfel kan inte skattas",
        "wave {s} is only one sampling unit ({0:one respondent|one cluster}), so its sampling error cannot be estimated"},
    [STAT_R_SVY_LONELY_SAMPLE] = {"hela urvalet är bara en urvalsenhet ({0:en svarande|ett kluster}), så dess urvalsfel kan inte skattas",
        "the whole sample is only one sampling unit ({0:one respondent|one cluster}), so its sampling error cannot be estimated"},
    [STAT_R_SVY_NO_SUCH_GROUP] = {"ingen sådan grupp",
        "no such group"},
    [STAT_R_SVY_POP_TOO_SMALL] = {"populationsstorleken {0} som angetts för ett stratum är mindre än de {1} {2:svarande|urvalsenheter} som ingår i urvalet där (R: \"FPC implies >100% sampling in some strata\")",
        "the population size {0} declared for a stratum is smaller than the {1} {2:respondents|sampling units} sampled there (R: \"FPC implies >100% sampling in some strata\")"},
    [STAT_R_SVY_EMPTY_UNANSWERED] = {"tom (inga svar: alla i gruppen lämnade frågan obesvarad)",
        "empty (no answers: everyone in this group left the question unanswered)"},
    [STAT_R_SVY_EMPTY] = {"tom (inga svarande)",
        "empty (no respondents)"},
    [STAT_R_SVY_ONE_ANSWER] = {"bara ett svar i gruppen, och designen ger det ingen slumpmässig spridning",
        "only one answer in this group, and the design gives it no sampling spread"},
    [STAT_R_SVY_ALL_SAME] = {"alla svar i gruppen är lika, så skattningen har ingen slumpmässig spridning",
        "every answer in this group is the same, so the estimate has no sampling spread"},
    [STAT_R_SVY_NOT_BINARY] = {"variabeln är inte en ja/nej-indikator (0/1), så inget intervall för en andel är tillämpligt",
        "the variable is not a yes/no (0/1) indicator, so no proportion interval applies"},
    [STAT_R_SVY_PROP_BOUNDARY] = {"{0:ingen|alla} i gruppen gav det räknade svaret ({0%}): medelfelet är {1}, men ett logitintervall kan inte bildas (log-oddset för {0} är oändligt)",
        "{0:nobody|everyone} in this group gave the answer counted ({0%}): the standard error is {1}, but a logit interval cannot be formed (the log-odds of {0} is infinite)"},
    [STAT_R_SVY_NO_DF] = {"för få urvalsenheter i gruppen (frihetsgrader {0}) för att bilda ett intervall; skattningen och dess medelfel står sig",
        "too few sampling units in this group (degrees of freedom {0}) to form an interval; the estimate and its standard error stand"},
    [STAT_R_DEFF_TOO_FEW] = {"en designeffekt kräver minst 2 svar i gruppen",
        "a design effect needs at least 2 answers in the group"},
    [STAT_R_DEFF_ALL_SAME] = {"alla svar i gruppen är lika, så designeffekten (en kvot av två nollvarianser) är odefinierad",
        "every answer in this group is the same, so the design effect (a ratio of two zero variances) is undefined"},
    [STAT_R_DEFF_WEIGHTS_SMALL] = {"vikterna summerar till {0}, inte mer än de {1} svarande, så de ser inte ut som populationsvikter och R:s designeffekt (som använder 1 - n/summan av vikterna) är odefinierad; designeffekten med återläggning är {2}",
        "the weights sum to {0}, not more than the {1} respondents, so they do not look like population weights and R's design effect (which uses 1 - n/sum of weights) is undefined; the with-replacement design effect is {2}"},
    [STAT_R_SVY_NO_DATA] = {"inga enkätdata angavs",
        "no survey data given"},
    [STAT_R_SVY_POP_DIFFERS] = {"rader i samma stratum anger olika populationsstorlekar ({0} och {1}); populationsstorleken måste vara densamma i hela stratumet",
        "rows of one stratum give different population sizes ({0} and {1}); the population size must be the same throughout a stratum"},
    [STAT_R_SVY_DIFF_MISSING] = {"skattningen {0:före|efter} saknas, så förändringen kan inte beräknas",
        "the {0:before|after} estimate is missing, so the change cannot be computed"},
    [STAT_R_SVY_DIFF_NO_SPREAD] = {"ingen av skattningarna har någon slumpmässig spridning, så förändringen kan inte testas",
        "neither estimate has any sampling spread, so the change cannot be tested"},
    [STAT_R_GLM_NO_DATA] = {"det finns inga observationer eller inga modelltermer att anpassa",
        "there are no observations or no model terms to fit"},
    [STAT_R_GLM_NO_TRIALS] = {"en binomialmodell behöver antalet försök per rad",
        "a binomial model needs the number of trials per row"},
    [STAT_R_GLM_X_NOT_FINITE] = {"modellens kolumn '{s}' har ett saknat eller oändligt värde på rad {0}",
        "the model's column '{s}' has a missing or infinite value in row {0}"},
    [STAT_R_GLM_Y_NEGATIVE] = {"rad {0} har ett antal som saknas eller är negativt",
        "row {0} has a count that is missing or negative"},
    [STAT_R_GLM_Y_NOT_WHOLE] = {"rad {0} har ett antal som inte är ett heltal",
        "row {0} has a count that is not a whole number"},
    [STAT_R_GLM_OFFSET] = {"rad {0} har en saknad eller oändlig offset (en befolkning på noll?)",
        "row {0} has a missing or infinite offset (a population of zero?)"},
    [STAT_R_GLM_TRIALS_INVALID] = {"rad {0}: antalet försök måste vara ett heltal minst lika stort som antalet lyckade",
        "row {0}: the number of trials must be a whole number at least as large as the number of successes"},
    [STAT_R_GLM_NO_START] = {"modellen kunde inte startas från data (R: cannot find valid starting values)",
        "the model could not be started from the data (R: cannot find valid starting values)"},
    [STAT_R_GLM_NO_VALID] = {"modellanpassningen bröt samman i första steget (R: no valid set of coefficients has been found)",
        "the model fit broke down at its first step (R: no valid set of coefficients has been found)"},
    [STAT_R_GLM_NONFINITE] = {"modellanpassningen bröt samman: några koefficienter blev oändliga",
        "the model fit broke down: some coefficients became infinite"},
    [STAT_R_GLM_STEP] = {"modellanpassningen bröt samman och kunde inte räddas med kortare steg",
        "the model fit broke down and could not be rescued by shorter steps"},
    [STAT_R_GLM_NO_INFO] = {"ingen observation bär information för modellen",
        "no observation carries information for the model"},
    [STAT_R_GLM_VARIANCE] = {"modellanpassningen bröt samman: en anpassad varians blev noll",
        "the model fit broke down: a fitted variance became zero"},
    [STAT_R_GLM_FAILED] = {"modellanpassningen misslyckades",
        "the model fit failed"},
    [STAT_R_GLM_ALIASED_WITH] = {"'{s0}' bär ingen egen information: den är en exakt kopia eller kombination av {s1}, så den lämnades utanför (R rapporterar NA)",
        "'{s0}' carries no information of its own: it is an exact copy or combination of {s1}, so it was left out (R reports NA)"},
    [STAT_R_GLM_ALIASED] = {"'{s}' bär ingen egen information: den är en exakt kopia eller kombination av andra kolumner, så den lämnades utanför (R rapporterar NA)",
        "'{s}' carries no information of its own: it is an exact copy or combination of other columns, so it was left out (R reports NA)"},
    [STAT_R_GLM_RANK_DEFICIENT] = {"några modellkolumner upprepar andra och lämnades utanför, som R gör",
        "some model columns duplicate others and were left out, as R does"},
    [STAT_R_GLM_TERM_SEPARATION] = {"effekten av '{s}' kan inte skattas: grupperna den skiljer har allt eller inget av utfallet, så skattningen går mot oändligheten (R ger ett enormt värde med ett enormt medelfel)",
        "the effect of '{s}' cannot be estimated: the groups it separates have all or none of the outcome, so the estimate runs off to infinity (R gives a huge value with a huge standard error)"},
    [STAT_R_GLM_TERM_ZERO] = {"effekten av '{s}' kan inte skattas: alla antal den gäller är noll, så skattningen går mot minus oändligheten (R ger ett enormt värde med ett enormt medelfel)",
        "the effect of '{s}' cannot be estimated: every count it concerns is zero, so the estimate runs off to minus infinity (R gives a huge value with a huge standard error)"},
    [STAT_R_GLM_SEPARATED] = {"utfallet är perfekt separerat: varje grupp har allt eller inget av utfallet, så ingen effekt kan skattas",
        "the outcome is perfectly separated: every group has all or none of the outcome, so no effect can be estimated"},
    [STAT_R_GLM_ALL_ZERO] = {"antalen är noll överallt där modellen kunde lära sig något, så ingen effekt kan skattas",
        "the counts are all zero where the model could learn anything, so no effect can be estimated"},
    [STAT_R_GLM_SOME_TERMS] = {"{0} av {1} modelltermer kan inte skattas eftersom data är noll (eller ett) överallt där de gäller; de andra termerna går att använda",
        "{0} of {1} model terms cannot be estimated because the data are all zero (or all one) where they apply; the other terms are usable"},
    [STAT_R_GLM_NO_RESIDUAL_DF] = {"det finns lika många modelltermer som observationer, så inget finns kvar att skatta den extra variationen med (kvasi-Poisson kräver residualfrihetsgrader)",
        "there are as many model terms as observations, so nothing is left to estimate the extra variation (quasi-Poisson needs residual degrees of freedom)"},
    [STAT_R_GLM_NOT_CONVERGED] = {"modellanpassningen stabiliserades inte inom {0} iterationer; siffrorna är R:s sista iteration och ska inte litas på",
        "the model fit did not settle within {0} iterations; the numbers are R's last iteration and should not be relied on"},
    [STAT_R_NB_NO_THETA] = {"den negativa binomialmodellen kunde inte anpassas: variationsparametern theta kunde inte skattas från dessa antal",
        "the negative binomial model could not be fitted: the variation parameter theta could not be estimated from these counts"},
    [STAT_R_NB_THETA_INFINITE] = {"antalen varierar inte mer än en Poissonmodell tillåter, så theta växer obegränsat (MASS varnar: {0:iteration limit reached|alternation limit reached}); koefficienterna är Poissonmodellens",
        "the counts vary no more than a Poisson model allows, so theta grows without bound (MASS warns: {0:iteration limit reached|alternation limit reached}); the coefficients equal the Poisson model's"},
    [STAT_R_NB_POISSON_LIKE] = {"ingen extra variation utöver Poisson hittades (theta växer obegränsat); skattningarna är Poissonmodellens",
        "no extra variation beyond Poisson was found (theta grows without bound); the estimates equal the Poisson model's"},
    [STAT_R_NB_THETA_ZERO] = {"den negativa binomialmodellens variationsparameter theta skattades till noll (MASS: estimate truncated at zero), så modellen kan inte användas",
        "the negative binomial variation parameter theta was estimated at zero (MASS: estimate truncated at zero), so the model cannot be used"},
    [STAT_R_NB_NOT_CONVERGED] = {"den negativa binomialanpassningen stabiliserades inte (MASS varnar: {0:iteration limit reached|alternation limit reached}); siffrorna är MASS:s sista iteration och ska inte litas på",
        "the negative binomial fit did not settle (MASS warns: {0:iteration limit reached|alternation limit reached}); the numbers are MASS's last iteration and should not be relied on"},
    [STAT_R_ITS_EMPTY] = {"serien är tom",
        "the series is empty"},
    [STAT_R_ITS_FIRST_MONTH] = {"den första månaden måste vara 1..12",
        "the first month must be 1..12"},
    [STAT_R_ITS_MONTH_INVALID] = {"månad {0} i serien är inte en månad på året (1..12)",
        "month {0} of the series is not a month of the year (1..12)"},
    [STAT_R_ITS_HARMONICS] = {"antalet harmoniska par måste vara 1..5",
        "the number of harmonic pairs must be 1..5"},
    [STAT_R_ITS_NO_MONTHS_BEFORE] = {"det finns inga månader före insatsens start, så det finns inget att jämföra med",
        "there are no months before the programme started, so there is nothing to compare with"},
    [STAT_R_ITS_NO_MONTHS_AFTER] = {"det finns inga månader efter insatsens start, så det finns ännu ingen effekt att skatta",
        "there are no months after the programme started, so there is no effect to estimate yet"},
    [STAT_R_ITS_START_OUTSIDE] = {"insatsens start (månad {0}) ligger utanför serien på {1} månader",
        "the programme start (month {0}) is outside the series of {1} months"},
    [STAT_R_ITS_POPULATION] = {"befolkningen för månad {0} saknas eller är inte positiv",
        "the population of month {0} is missing or not positive"},
    [STAT_R_ITS_TRANSITION_TOO_LONG] = {"övergångsperioden på {0} månader efter starten lämnar ingen månad efter sig i serien, så det finns ännu ingen effekt att skatta",
        "the transition of {0} months after the start leaves no month after it in the series, so there is no effect to estimate yet"},
    [STAT_R_ITS_TOO_SHORT] = {"serien har {0} månader {2:|utanför övergångsperioden }men modellen har {1} parametrar; den behöver minst lika många månader som parametrar (färre säsongstermer skulle hjälpa)",
        "the series has {0} months {2:|outside the transition }but the model has {1} parameters; it needs at least as many months as parameters (fewer seasonal terms would help)"},
    [STAT_R_LB_TOO_FEW] = {"för få månader för att kontrollera residualerna för autokorrelation",
        "too few months to check the residuals for autocorrelation"},
    [STAT_R_LB_EXACT_FIT] = {"modellen passar varje månad exakt, så residualerna har ingen autokorrelation att mäta",
        "the model fits every month exactly, so the residuals have no autocorrelation to measure"},
    [STAT_R_MODEL_NOT_FITTED] = {"modellen anpassades inte",
        "the model was not fitted"},
    [STAT_R_ITS_NO_COUNTERFACTUAL] = {"den kontrafaktiska summan över månaderna efter starten kunde inte beräknas",
        "the counterfactual sum over the months after the start could not be computed"},
    [STAT_R_ITS_NOT_FITTED] = {"tidsseriemodellen kunde inte anpassas",
        "the time-series model could not be fitted"},
    [STAT_R_ITS_ALL_ZERO] = {"alla antal i serien är noll, så ingen takt och ingen förändring kan skattas",
        "every count in the series is zero, so no rate and no change can be estimated"},
    [STAT_R_ITS_SLOPE_ONLY] = {"ingår inte i modellen: den skattar bara en förändring i lutning (effects = slope)",
        "not in the model: it estimates a change in slope only (effects = slope)"},
    [STAT_R_ITS_LEVEL_ONLY] = {"ingår inte i modellen: den skattar bara en förändring i nivå (effects = level)",
        "not in the model: it estimates a change in level only (effects = level)"},
    [STAT_R_ITS_ZERO_AFTER] = {"alla antal efter insatsens start är noll: minskningen kan inte uttryckas som en kvot (den går mot noll)",
        "every count after the programme started is zero: the fall cannot be expressed as a rate ratio (it runs off to zero)"},
    [STAT_R_ITS_ONE_MONTH_AFTER] = {"det finns bara en månad efter insatsens start; en förändring i lutning kräver minst två",
        "there is only one month after the programme started; a change in slope needs at least two"},
    [STAT_R_DID_EMPTY] = {"serierna är tomma",
        "the series are empty"},
    [STAT_R_DID_NO_MONTHS_BEFORE] = {"det finns inga månader före insatsens start",
        "there are no months before the programme started"},
    [STAT_R_DID_NO_MONTHS_AFTER] = {"det finns inga månader efter insatsens start",
        "there are no months after the programme started"},
    [STAT_R_DID_POPULATION_ONE] = {"ange befolkningen för båda områdena eller för inget",
        "give the population for both areas or for neither"},
    [STAT_R_DID_MONTH_INVALID] = {"en månad på året ligger utanför 1..12",
        "a month of the year is outside 1..12"},
    [STAT_R_DID_POPULATION] = {"en befolkning saknas eller är inte positiv",
        "a population is missing or not positive"},
    [STAT_R_DID_TOO_SHORT] = {"serierna är kortare än antalet parametrar",
        "the series are shorter than the number of parameters"},
    [STAT_R_DID_ZERO_CELL] = {"{0:målområdet|jämförelseområdet} har inga händelser {1:före|efter} insatsens start, så kvoten mellan kvoterna är 0 eller oändlig och kan inte skattas",
        "the {0:target|comparison} area has no incidents {1:before|after} the programme started, so the ratio of rate ratios is 0 or infinite and cannot be estimated"},
    [STAT_R_PLACEBO_REAL_UNUSABLE] = {"den verkliga anpassningen kan inte användas: {r0}",
        "the real fit cannot be used: {r0}"},
    [STAT_R_PLACEBO_TOO_FEW_MONTHS] = {"de {0} månaderna före insatsen är för få för låtsasstarter med {1} månader på varje sida",
        "the {0} months before the programme are too few for placebo starts with {1} months on each side"},
    [STAT_R_PLACEBO_NONE] = {"ingen av de {0} låtsasanpassningarna kunde skattas",
        "none of the {0} placebo fits could be estimated"},
    [STAT_R_PLACEBO_SOME_FAILED] = {"{0} av {1} låtsasstarter kunde inte skattas och lämnades utanför",
        "{0} of {1} placebo starts could not be estimated and were left out"},
    [STAT_R_PREDICT_TOO_FEW] = {"de {0} månaderna före starten är för få för att förutsäga de sista {1} av dem från minst 12 tidigare",
        "the {0} months before the start are too few to predict the last {1} of them from at least 12 earlier ones"},
    [STAT_R_PREDICT_NOT_FITTED] = {"trenden och säsongen för de tidigare månaderna kunde inte anpassas (en månad eller hela serien har för få fall)",
        "the trend and season of the earlier months could not be fitted (a month or the whole series has too few cases)"},
    [STAT_R_PREDICT_STEP_UNKNOWN] = {"registreringsändringen faller i månad {0} av de {1} som förutsägs, och dess nivåskifte är okänt utan en tidsseriemodell av hela serien (model = its_poisson, its_quasipoisson eller its_negbin)",
        "the recording change falls in month {0} of the {1} predicted, and its level shift is not known without a time-series model of the whole series (model = its_poisson, its_quasipoisson or its_negbin)"},
    [STAT_R_WT_NO_WAVES] = {"det finns inga enkätomgångar",
        "there are no survey waves"},
    [STAT_R_WT_WAVE_INVALID] = {"varje omgång behöver ett år och ett antal med utfallet mellan noll och antalet svarande",
        "each wave needs a year, and a number with the outcome between zero and the number answering"},
    [STAT_R_WT_TWO_YEARS] = {"en trend kräver svar från minst två olika år",
        "a trend needs answers from at least two different years"},
    [STAT_R_WT_NOBODY] = {"ingen hade utfallet i någon omgång, så det finns ingen trend att skatta",
        "nobody had the outcome in any wave, so there is no trend to estimate"},
    [STAT_R_WT_EVERYBODY] = {"alla hade utfallet i varje omgång, så det finns ingen trend att skatta",
        "everybody had the outcome in every wave, so there is no trend to estimate"},
    [STAT_R_WT_SEPARATION] = {"utfallet hoppar från ingen till alla mellan omgångarna (perfekt separation), så förändringen per år är oändlig och kan inte skattas",
        "the outcome jumps from nobody to everybody between the waves (perfect separation), so the change per year is infinite and cannot be estimated"},
    [STAT_R_EXP_NO_DAYS] = {"det finns inga dagar att analysera",
        "there are no days to analyse"},
    [STAT_R_EXP_NONE_BEFORE] = {"det finns inga dagar av det aktuella slaget före förändringen, så det finns ingen utgångsnivå att jämföra med",
        "there are no days of the kind concerned before the change, so there is no baseline to compare with"},
    [STAT_R_EXP_NONE_AFTER] = {"det finns ännu inga dagar av det aktuella slaget efter förändringen",
        "there are no days of the kind concerned after the change yet"},
    [STAT_R_EXP_NO_PLAIN] = {"alla dagar är av det aktuella slaget, så vanliga dagar kan inte visa den allmänna förändringen",
        "every day is of the kind concerned, so ordinary days cannot show the general change"},
    [STAT_R_EXP_TOO_FEW_DAYS] = {"det finns färre dagar än modellparametrar",
        "there are fewer days than model parameters"},
    [STAT_R_EXP_ALL_ZERO] = {"alla antal på de aktuella dagarna är noll, så kvoten går mot noll och kan inte skattas",
        "every count on the exposed days is zero, so the rate ratio runs off to zero and cannot be estimated"},
    [STAT_R_EXP_BASELINE_ZERO] = {"alla antal i utgångsläget (samma slags dagar före starten) är noll, så det finns ingen nivå att jämföra dagarna efter starten med: kvoten går mot oändligheten och kan inte skattas",
        "every count in the baseline (the same kind of days before the start) is zero, so there is no level to compare the days after the start with: the ratio runs off to infinity and cannot be estimated"},
    [STAT_R_TREND_GROUP_INVALID] = {"grupp {0} har ogiltiga antal eller poäng",
        "group {0} has invalid counts or score"},
    [STAT_R_TREND_TWO_WAVES] = {"en trend kräver svar från minst två omgångar; {0} {0:omgångar har|omgång har|omgångar har} svar",
        "a trend needs answers from at least two waves; {0} {0:waves have|wave has|waves have} answers"},
    [STAT_R_TREND_CONSTANT] = {"i varje omgång gav {0:ingen|alla} det räknade svaret, så andelen kan inte förändras",
        "in every wave {0:nobody|everyone} gave the answer counted, so the share cannot change"},
    [STAT_R_TREND_SAME_SCORE] = {"alla omgångar med svar har samma poäng, så det finns ingen ordning att testa en trend längs",
        "all waves with answers have the same score, so there is no order to test a trend along"},
    [STAT_R_GROUP_NO_VALID] = {"inga giltiga svar i gruppen",
        "no valid answers in this group"},
    [STAT_R_BOOT_FEW_REPLICATES] = {"bootstrap kräver minst 2 omsamplingar",
        "the bootstrap needs at least 2 resamples"},
    [STAT_R_BOOT_FEW_ANSWERS] = {"bootstrap kräver minst 2 svar att omsampla",
        "the bootstrap needs at least 2 answers to resample"},
    [STAT_R_BOOT_NO_RNG] = {"slumptalsgeneratorn kan inte sättas upp",
        "cannot set up the random number generator"},
    [STAT_R_BOOT_COUNTS_INVALID] = {"antalet svar måste vara icke-negativa heltal",
        "answer counts must be whole non-negative numbers"},
    [STAT_R_BOOT_GROUP_EMPTY] = {"en grupp har inga svar, så den kan inte omsamplas",
        "a group has no answers, so it cannot be resampled"},
    [STAT_R_BOOT_GROUP_TOO_LARGE] = {"en grupp är för stor för omsamplingen",
        "a group is too large for the resampler"},
    [STAT_R_COUNTS_TOO_LARGE] = {"antalen ({0} sammanlagt) är för stora för det exakta testet (högst 4 294 967 295)",
        "the counts ({0} in all) are too large for the exact test (at most 4,294,967,295)"},
    [STAT_R_COMPARE_DF_TOO_FEW] = {"de två gruppernas svar finns i för få urvalsenheter för ett test (designens frihetsgrader, primära urvalsenheter minus strata minus 1, är {0}): skillnaden och dess medelfel ges, men inget intervall eller p-värde",
        "the two groups' answers lie in too few sampling units for a test (the design's degrees of freedom, PSUs minus strata minus 1, are {0}): the difference and its standard error are given, no interval or p-value"},
    [STAT_R_COMPARE_BOOT_SAME] = {"alla svar i de två grupperna är desamma, så delta är 0 i varje omdragning",
        "every answer of the two groups is the same, so delta is 0 in every resample"},
    [STAT_R_COMPARE_BOOT_NO_ANSWERS] = {"inga svar på skalan att dra om",
        "no answers on the scale to resample"},
    [STAT_R_WINDOW_SIDE_EMPTY] = {"perioden har inga månader {0:före|efter} starten, så det finns inget att jämföra med",
        "the window has no months {0:before|after} the start, so there is nothing to compare with"},
    [STAT_R_ITS_NB_POISSON] = {"theta divergerar: antalen varierar inte mer än en Poissonmodell tillåter, så den negativa binomialmodellen är Poissonmodellen, som anpassas här",
        "theta diverges: the counts vary no more than a Poisson model allows, so the negative binomial model is the Poisson model, which is fitted here"},
    [STAT_R_ITS_NB_POISSON_AND] = {"theta divergerar: antalen varierar inte mer än en Poissonmodell tillåter, så den negativa binomialmodellen är Poissonmodellen, som anpassas här; {r0}",
        "theta diverges: the counts vary no more than a Poisson model allows, so the negative binomial model is the Poisson model, which is fitted here; {r0}"},
    [STAT_R_ITS_MONTHS_MISSING] = {"{0} {0:månader|månad|månader} saknas inne i serien; tidsseriemodellen räknar på månader i följd, så den anpassades inte (kvoten behöver dem inte)",
        "{0} {0:months are|month is|months are} missing inside the series; the time-series model counts consecutive months, so it was not fitted (the rate ratio does not need them)"},
    [STAT_R_ITS_OFFSET_NO_POPULATION] = {"offset = population eller person-time kräver befolkningen för varje månad i serien, och någon månad saknar den",
        "offset = population or person-time needs the population of every month of the series, and some month has none"},
    [STAT_R_WINDOW_NO_MONTHS] = {"perioden har inga månader {0:före|efter} starten",
        "the window has no months {0:before|after} the start"},
    [STAT_R_COMPARISON_NO_COUNTS] = {"jämförelseområdet har inga antal av denna kategori under perioden",
        "the comparison area has no counts of this category in the window"},
    [STAT_R_COMPARISON_NO_COMMON_MONTH] = {"mål- och jämförelseområdet har ingen månad gemensam",
        "the target and comparison areas have no month in common"},
    [STAT_R_COMPARISON_ONE_SIDE] = {"de månader båda områdena har ligger alla på samma sida om starten",
        "the months both areas have lie all on one side of the start"},
    [STAT_R_BUFFER_NO_COUNTS] = {"buffertområdet har inga antal av denna kategori under perioden",
        "the buffer area has no counts of this category in the window"},
    [STAT_R_BUFFER_NO_COMPARISON] = {"förflyttning mäts mot ett jämförelseområde, och det har inga antal (eller angavs inte)",
        "displacement is measured against a comparison area, and it has no counts (or none was given)"},
    [STAT_R_BUFFER_ONE_SIDE] = {"de månader som mål-, jämförelse- och buffertområdet alla har ligger på samma sida om starten",
        "the months target, comparison and buffer areas all have lie on one side of the start"},
    [STAT_R_PLACEBO_NOT_RUN] = {"kördes inte",
        "not run"},
    [STAT_R_PLACEBO_TOO_FEW_MONTHS_12] = {"månaderna före starten är för få för låtsasstarter med {0} månader på varje sida",
        "the months before the start are too few for made-up starts with {0} months on each side"},
    [STAT_R_GROUP_EMPTY_NAMED] = {"gruppen '{s}' är tom (inga svarande med ett svar)",
        "the group '{s}' is empty (no respondents with an answer)"},
    [STAT_R_QUANTILE_NO_LIMIT] = {"intervallet saknar {0:undre|övre} gräns: designens intervall för andelen under kvantilen når förbi {0:0|1} (som när R:s svyquantile ger NA)",
        "the interval has no {0:lower|upper} limit: the design's interval for the share below the quantile reaches past {0:0|1} (as R's svyquantile gives NA)"},
    [STAT_R_WINDOW_NO_COUNTS] = {"inga antal under perioden",
        "no counts in the window"},
    [STAT_R_SCREEN_NO_COMMON_MONTH] = {"ingen månad har ett antal i varje ingående serie",
        "no month has a count in every member series"},
    [STAT_R_SCREEN_MONTHS_MISSING] = {"månader saknas inne i serien; tidsseriemodellen räknar på månader i följd, så den anpassades inte",
        "months are missing inside the series; the time-series model counts consecutive months, so it was not fitted"},
    [STAT_R_SYNTH_POOR_FIT] = {"det syntetiska området följer inte målområdet före starten",
        "the synthetic area does not follow the target before the start"},
    [STAT_R_SUPPRESSED_FEW] = {"bygger på färre än {0} svarande: redovisas inte",
        "based on fewer than {0} respondents: not published"},
    [STAT_R_DEFF_REPLACE] = {"designeffekt av vikterna och designen (deff = \"replace\"); effektiv urvalsstorlek n/deff",
        "design effect of the weights and design (deff = \"replace\"); effective sample size n/deff"},
    [STAT_R_TREND_THREE_WAVES] = {"ett trendtest kräver minst tre jämförbara omgångar och det finns {0}; med två är förändringen mellan dem jämförelsen med utgångsläget",
        "a trend test needs at least three comparable waves and there {0:are|is|are} {0}; with two, the change between them is the comparison with the baseline"},
    [STAT_R_GROUP_NO_ANSWERS_SIDE] = {"inga svar {0:före|efter} i gruppen",
        "no answers {0:before|after} in this group"},
    [STAT_R_CONTRAST_GROUP_EMPTY] = {"en grupp i jämförelsen har inga svar",
        "a group in the comparison has no answers"},
    [STAT_R_CONTRAST_NO_VARIATION] = {"ingen variation i svaren: skillnaden har inget medelfel",
        "no variation in the answers: the difference has no standard error"},
    [STAT_R_SVYTREND_CONSTANT] = {"alla svar är lika varje år, så oddset kan inte förändras",
        "every answer is the same in every year, so the odds cannot change"},
    [STAT_R_SVYTREND_FEW_PSU] = {"för få svarande (eller kluster) per stratum för en designbaserad trend",
        "too few respondents (or clusters) per stratum for a design-based trend"},
    [STAT_R_SVYTREND_NOT_CONVERGED] = {"den viktade logistiska regressionen konvergerade inte",
        "the weighted logistic regression did not converge"},
    /* the rows count_row_failed() writes (the report says the same in a callout) */
    [STAT_R_ALT_TARGET_NO_COUNTS] = {"det alternativa målområdet har inga antal av denna kategori under perioden",
        "the alternative target area has no counts of this category in the window"},
    [STAT_R_AREA_NO_MONTHLY_COUNTS] = {"det finns inga månadsvisa antal av denna kategori i området under perioden; inget kunde skattas",
        "there are no monthly counts of this category in the area and window; nothing could be estimated"},
    [STAT_R_SYNTH_NO_DONOR_MONTHS] = {"inga givarområden har samma månader som målområdet",
        "no donor area has the same months as the target"},
    [STAT_R_SYNTH_TOO_FEW_MONTHS] = {"för få månader före eller efter starten",
        "too few months before or after the start"},
    [STAT_R_SCREEN_NO_COUNTS] = {"inga månadsvisa antal för de valda områdena och kategorierna under perioden",
        "no monthly counts for the chosen areas and categories in the window"},
    [STAT_R_DAILY_NO_COUNTS] = {"inga dagliga antal av denna kategori i området under perioden",
        "no daily counts of this category in the area and window"},
    [STAT_R_AREA_NO_COUNTS] = {"inga antal av denna kategori i området under perioden",
        "no counts of this category in the area and window"},
};

const char *reason_template(enum stat_reason code, const char *lang)
{
    if ((unsigned)code >= STAT_R_COUNT || code == STAT_R_NONE)
        return NULL;
    return lang && !strcmp(lang, "en") ? texts[code].en : texts[code].sv;
}

/* The k-th field of a name whose fields are separated by '\x1f' (len into *len). */
static const char *name_field(const char *name, int k, size_t *len)
{
    const char *p = name;
    for (; k > 0 && p; k--) {
        p = strchr(p, '\x1f');
        if (p)
            p++;
    }
    if (!p) {
        *len = 0;
        return "";
    }
    const char *end = strchr(p, '\x1f');
    *len = end ? (size_t)(end - p) : strlen(p);
    return p;
}

/* A number as the report writes it: whole numbers with grouping, else 4 digits. */
static const char *number(const char *lang, double x)
{
    if (isfinite(x) && x == floor(x) && fabs(x) < 1e15)
        return fmt_num(lang, x, 0);
    /* 4 significant digits without trailing zeros, as %g: "0.5", not "0.5000" */
    char s[96];
    snprintf(s, sizeof(s), "%s", fmt_sig(lang, x, 4));
    char *sep = strpbrk(s, ".,");
    if (sep && isfinite(x) && !strchr(sep + 1, '.') && !strchr(sep + 1, ',')) {
        char *end = s + strlen(s);
        while (end > sep + 1 && end[-1] == '0')
            *--end = '\0';
        if (end == sep + 1)
            *sep = '\0';
    }
    return fmt_text("%s", s);
}

/* Option `pick` of "a|b|c" (the last one for larger values) into out. */
static void choice(struct strbuf *out, const char *opts, size_t len, double x)
{
    long pick = isfinite(x) && x > 0 ? (long)x : 0;
    const char *p = opts, *end = opts + len;
    for (; pick > 0; pick--) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        if (!bar)
            break;
        p = bar + 1;
    }
    const char *bar = memchr(p, '|', (size_t)(end - p));
    strbuf_add(out, p, bar ? (size_t)(bar - p) : (size_t)(end - p));
}

/* {gN}: which group, 0 before, 1 after, 2 this one; with the two groups' names in the
 * name (after, before: a comparison within one wave), the group by its name. */
static void group(struct strbuf *out, const char *lang, const struct stat_why *why, double x)
{
    bool en = lang && !strcmp(lang, "en");
    int k = x == 1 ? 1 : x == 0 ? 0 : 2;
    size_t n;
    const char *name = k < 2 && strchr(why->name, '\x1f') ? name_field(why->name, k == 1 ? 0 : 1, &n)
                                                          : NULL;
    if (name) {
        strbuf_addstr(out, en ? "the group '" : "gruppen '");
        strbuf_add(out, name, n);
        strbuf_addch(out, '\'');
    } else if (k == 1) {
        strbuf_addstr(out, en ? "the after group" : "gruppen efter");
    } else if (k == 0) {
        strbuf_addstr(out, en ? "the before group" : "gruppen före");
    } else {
        strbuf_addstr(out, en ? "this group" : "gruppen");
    }
}

/* One placeholder's body (between the braces); false if it is not in the grammar. */
static bool placeholder(struct strbuf *out, const char *lang, const struct stat_why *why,
                        const char *b, size_t len, int depth)
{
    if (len >= 1 && b[0] == 's') {
        if (len == 1) {
            strbuf_addstr(out, why->name);
            return true;
        }
        if (len == 2 && b[1] >= '0' && b[1] <= '9') {
            size_t n;
            const char *f = name_field(why->name, b[1] - '0', &n);
            strbuf_add(out, f, n);
            return true;
        }
        return false;
    }
    if (len == 2 && b[0] == 'r' && b[1] >= '0' && b[1] <= '2') {
        double x = why->num[b[1] - '0'];
        struct stat_why inner;
        stat_why_set(&inner, STAT_R_NONE, NAN, NAN, NAN);
        if (isfinite(x) && x > 0 && x < STAT_R_COUNT && depth < 2) {
            inner.code = (enum stat_reason)(int)x;
            const char *t = reason_template(inner.code, lang);
            if (t) {
                /* the inner reason's own numbers are not kept: its placeholders print "–" */
                for (const char *p = t; *p;) {
                    const char *open = strchr(p, '{');
                    if (!open) {
                        strbuf_addstr(out, p);
                        break;
                    }
                    strbuf_add(out, p, (size_t)(open - p));
                    const char *close = strchr(open, '}');
                    if (!close)
                        break;
                    placeholder(out, lang, &inner, open + 1, (size_t)(close - open - 1),
                                depth + 1);
                    p = close + 1;
                }
            }
        }
        return true;
    }
    if (len == 2 && b[0] == 'g' && b[1] >= '0' && b[1] <= '2') {
        group(out, lang, why, why->num[b[1] - '0']);
        return true;
    }
    if (len < 1 || b[0] < '0' || b[0] > '2')
        return false;
    double x = why->num[b[0] - '0'];
    if (len == 1) {
        strbuf_addstr(out, number(lang, x));
        return true;
    }
    if (len == 2 && b[1] == '%') {
        double pct = x * 100;
        strbuf_addstr(out, fmt_pct(lang, x, isfinite(pct) && pct == floor(pct) ? 0 : 1));
        return true;
    }
    if (len == 3 && b[1] == '.' && b[2] >= '0' && b[2] <= '9') {
        strbuf_addstr(out, fmt_num(lang, x, b[2] - '0'));
        return true;
    }
    if (len >= 2 && b[1] == ':') {
        choice(out, b + 2, len - 2, x);
        return true;
    }
    return false;
}

static bool render(struct strbuf *out, const char *lang, const struct stat_why *why,
                   const char *t, const char **bad)
{
    for (const char *p = t; *p;) {
        const char *open = strchr(p, '{');
        if (!open) {
            strbuf_addstr(out, p);
            return true;
        }
        strbuf_add(out, p, (size_t)(open - p));
        const char *close = strchr(open, '}');
        if (!close || !placeholder(out, lang, why, open + 1, (size_t)(close - open - 1), 0)) {
            if (bad)
                *bad = open;
            strbuf_addstr(out, open); /* never drop text: show it as written */
            return false;
        }
        p = close + 1;
    }
    return true;
}

bool reason_template_valid(const char *tmpl, const char **bad)
{
    struct stat_why w;
    stat_why_set(&w, STAT_R_NONE, 1, 1, 1);
    struct strbuf sb = STRBUF_INIT;
    *bad = NULL;
    bool ok = tmpl && render(&sb, "en", &w, tmpl, bad);
    strbuf_release(&sb);
    return ok;
}

void reason_append(struct strbuf *out, const char *lang, const struct stat_why *why)
{
    const char *t = reason_template(why->code, lang);
    if (t)
        render(out, lang, why, t, NULL);
}

const char *reason_text(const char *lang, const struct stat_why *why)
{
    if (why->code == STAT_R_NONE)
        return "";
    struct strbuf sb = STRBUF_INIT;
    reason_append(&sb, lang, why);
    const char *r = fmt_text("%s", sb.buf ? sb.buf : "");
    strbuf_release(&sb);
    return r;
}

const char *stat_why_text(const char *lang, const struct stat_result *r)
{
    return reason_text(lang, &r->why);
}
