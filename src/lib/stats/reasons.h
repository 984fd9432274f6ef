/*
 * reasons — the list of every reason code a stat_result can carry (see result.h).
 *
 * One line per reason: X(NAME, machine_name) with the arguments it takes.  The machine
 * name is what results.csv and run.json carry: never rename or reuse one.  The Swedish
 * and English texts live in eval/reason.c (the statistics library stays
 * language-free); a code without both fails test_eval_reason.
 */
#ifndef TRYGG_STATS_REASONS_H
#define TRYGG_STATS_REASONS_H

/* the statistics library's reasons */
#define STAT_REASONS_STATS(X) \
    X(BOOT_NO_ESTIMATE, boot_no_estimate) \
    X(BOOT_TOO_FEW_VALUES, boot_too_few_values) \
    X(BOOT_CONSTANT, boot_constant) \
    X(BOOT_SKIPPED, boot_skipped) \
    X(BOOT_EXTREME, boot_extreme) \
    X(BOOT_SKIPPED_EXTREME, boot_skipped_extreme) \
    X(BOOT_BCA_ONE_SIDE, boot_bca_one_side) \
    X(BOOT_BCA_NO_INFLUENCE, boot_bca_no_influence) \
    X(BOOT_BCA_NO_ACCELERATION, boot_bca_no_acceleration) \
    X(BOOT_BCA_EXTREME, boot_bca_extreme) \
    X(BOOT_SKIPPED_BCA_EXTREME, boot_skipped_bca_extreme) \
    X(COUNTS_NOT_WHOLE, counts_not_whole) \
    X(NO_EVENTS, no_events) \
    X(PROB_LEVEL_RANGE, prob_level_range) \
    X(INCIDENT_COUNTS_INVALID, incident_counts_invalid) \
    X(NO_TIME_AT_RISK_BOTH, no_time_at_risk_both) \
    X(NO_INCIDENTS_EITHER, no_incidents_either) \
    X(NO_INCIDENTS_BEFORE, no_incidents_before) \
    X(NO_INCIDENTS_AFTER, no_incidents_after) \
    X(COUNT_INVALID, count_invalid) \
    X(NO_TIME_AT_RISK, no_time_at_risk) \
    X(CONF_LEVEL_RANGE, conf_level_range) \
    X(NO_DATA, no_data) \
    X(VALUE_INFINITE, value_infinite) /* num[0] = which value (from 1) */ \
    X(WEIGHT_INVALID, weight_invalid) /* num[0] = which weight (from 1), num[1] = its value */ \
    X(NO_VALID_TO_AVERAGE, no_valid_to_average) \
    X(MEAN_ONE_ANSWER, mean_one_answer) \
    X(MEAN_NO_SPREAD, mean_no_spread) /* num[0] = the answer */ \
    X(SD_TOO_FEW, sd_too_few) /* num[0] = the valid answers */ \
    X(SD_ZERO, sd_zero) \
    X(DOMAIN_FEWER_ROWS, domain_fewer_rows) \
    X(QUANTILE_PROB_RANGE, quantile_prob_range) /* num[0] = the probability given */ \
    X(NO_VALID_ANSWERS, no_valid_answers) \
    X(CONF_LEVEL_GOT, conf_level_got) /* num[0] = the level given */ \
    X(ALPHA_NO_ITEMS, alpha_no_items) \
    X(ALPHA_ANSWER_INFINITE, alpha_answer_infinite) /* num[0] = the answer (row, from 1), num[1] = the item (from 1) */ \
    X(ALPHA_TOO_FEW_ITEMS, alpha_too_few_items) /* num[0] = items that qualify, num[1] = items */ \
    X(ALPHA_TOO_FEW_ITEMS_DROPPED, alpha_too_few_items_dropped) /* num[0] = items that qualify, num[1] = items; name = the items without variation (numbers from 1) */ \
    X(ALPHA_PAIR_MISSING, alpha_pair_missing) \
    X(ALPHA_ITEM_DROPPED, alpha_item_dropped) /* name = the items (numbers from 1) */ \
    X(ALPHA_NEGATIVE, alpha_negative) \
    X(ALPHA_SUM_CONSTANT, alpha_sum_constant) \
    X(POWER_PROB_RANGE, power_prob_range) /* num[0] = 0 the significance level, 1 the power, 2 p1, 3 p2; num[1] = 1 when 0 and 1 are excluded; num[2] = the value given */ \
    X(POWER_BELOW_SIZE, power_below_size) /* num[0] = the power asked, num[1] = the test's size */ \
    X(POWER_N_INVALID, power_n_invalid) /* num[0] = the number given */ \
    X(POWER_EQUAL_PROPS, power_equal_props) \
    X(POWER_N_NOT_CONVERGED, power_n_not_converged) \
    X(POWER_NO_VARIATION, power_no_variation) /* num[0] = the proportion (0 or 1) */ \
    X(POWER_DIRECTION, power_direction) \
    X(POWER_UNDETECTABLE, power_undetectable) /* num[0] = answers per group, num[1] = the baseline proportion, num[2] = the far end (0 or 1) */ \
    X(POWER_P2_NOT_CONVERGED, power_p2_not_converged) \
    X(POWER_SD_INVALID, power_sd_invalid) /* num[0] = the SD given */ \
    X(POWER_T_N_INVALID, power_t_n_invalid) /* num[0] = the number given */ \
    X(POWER_DELTA_INVALID, power_delta_invalid) \
    X(POWER_DELTA_ZERO, power_delta_zero) \
    X(POWER_DELTA_WRONG_SIDE, power_delta_wrong_side) /* num[0] = the difference */ \
    X(POWER_T_N_UNREACHABLE, power_t_n_unreachable) /* num[0] = the power, num[1] = the difference */ \
    X(POWER_T_UNDETECTABLE, power_t_undetectable) /* num[0] = answers per group, num[1] = the power */ \
    X(POWER_T_ANY_DETECTED, power_t_any_detected) /* num[0] = answers per group, num[1] = the power */ \
    X(POWER_T_FAILED, power_t_failed) \
    X(POWER_DELTA_NOT_CONVERGED, power_delta_not_converged) \
    X(MDE_INPUT, mde_input) \
    X(INCIDENT_COUNTS_NEGATIVE, incident_counts_negative) \
    X(RES_ZERO_CELL, res_zero_cell) /* num[0] = the cell: 0 target before, 1 target after, 2 control before, 3 control after */ \
    X(RES_MONTH_EACH, res_month_each) \
    X(MONTHLY_COUNTS_INVALID, monthly_counts_invalid) \
    X(RES_ONE_MONTH, res_one_month) \
    X(RES_UNDERDISPERSED, res_underdispersed) /* num[0] = the dispersion */ \
    X(RES_DISPERSION, res_dispersion) /* num[0] = the dispersion */ \
    X(WDQ_CONTROL_ZERO, wdq_control_zero) /* num[0] = 0 before, 1 after */ \
    X(WDQ_NO_SUCCESS, wdq_no_success) \
    X(WDQ_NOT_IMPROVED, wdq_not_improved) /* num[0] = the success measure */ \
    X(WDQ_DIFFUSION_MORE, wdq_diffusion_more) \
    X(WDQ_DIFFUSION, wdq_diffusion) \
    X(WDQ_DISPLACEMENT_NET_LOSS, wdq_displacement_net_loss) \
    X(WDQ_DISPLACEMENT, wdq_displacement) \
    X(WDQ_NO_CHANGE, wdq_no_change) \
    X(WDD_NO_INCIDENTS, wdd_no_incidents) \
    X(WDD_INPUT, wdd_input) \
    X(WDD_NO_BUFFER, wdd_no_buffer) \
    X(PROP_COUNTS_NEGATIVE, prop_counts_negative) /* num[0] = the group ({g0}): 0 before, 1 after, 2 this group; name = the two groups' names (after, before) when they are not before and after; num[1] = yes answers, num[2] = answers */ \
    X(PROP_MORE_YES, prop_more_yes) /* num[0] = the group ({g0}): 0 before, 1 after, 2 this group; name = the two groups' names (after, before) when they are not before and after; num[1] = yes answers, num[2] = answers */ \
    X(PROP_NO_ANSWERS, prop_no_answers) /* num[0] = the group ({g0}): 0 before, 1 after, 2 this group; name = the two groups' names (after, before) when they are not before and after */ \
    X(WILSON_NOBODY, wilson_nobody) /* num[0] = answers */ \
    X(WILSON_EVERYONE, wilson_everyone) /* num[0] = answers */ \
    X(CHISQ_ALL_SAME, chisq_all_same) /* num[0] = 0 all no, 1 all yes */ \
    X(CHISQ_SMALL, chisq_small) \
    X(GROUP_NO_DATA, group_no_data) /* num[0] = the group ({g0}): 0 before, 1 after; name = the two groups' names (after, before) when they are not before and after */ \
    X(GROUP_INFINITE, group_infinite) /* num[0] = the group ({g0}): 0 before, 1 after; name = the two groups' names (after, before) when they are not before and after */ \
    X(GROUP_SUMMARY_INVALID, group_summary_invalid) /* num[0] = the group ({g0}): 0 before, 1 after; name = the two groups' names (after, before) when they are not before and after */ \
    X(GROUP_TOO_FEW_FOR_SPREAD, group_too_few_for_spread) /* num[0] = the group ({g0}): 0 before, 1 after; name = the two groups' names (after, before) when they are not before and after; num[1] = answers (0 or 1) */ \
    X(T_IDENTICAL, t_identical) /* num[0] = the answer */ \
    X(T_CONSTANT_GROUPS, t_constant_groups) /* num[0] = the answer after, num[1] = before */ \
    X(T_ONE_CONSTANT, t_one_constant) /* num[0] = the group ({g0}): 0 before, 1 after; name = the two groups' names (after, before) when they are not before and after */ \
    X(SMD_NO_SPREAD, smd_no_spread) \
    X(HEDGES_TOO_FEW, hedges_too_few) \
    X(NO_COUNTS, no_counts) \
    X(ANSWER_COUNTS_NEGATIVE, answer_counts_negative) /* num[0] = the category (from 1) */ \
    X(GROUP_EMPTY_COMPARE, group_empty_compare) /* num[0] = the group ({g0}): 0 before, 1 after; name = the two groups' names (after, before) when they are not before and after */ \
    X(MW_ALL_SAME, mw_all_same) \
    X(CLIFF_ALL_SAME, cliff_all_same) \
    X(KX2_ALL_SAME, kx2_all_same) \
    X(KX2_EMPTY_SMALL, kx2_empty_small) /* num[0] = categories left out */ \
    X(KX2_EMPTY, kx2_empty) /* num[0] = categories left out */ \
    X(SVY_POP_BAD_STRATUM, svy_pop_bad_stratum) /* num[0] = the stratum index */ \
    X(SVY_POP_INVALID, svy_pop_invalid) /* num[0] = the size given */ \
    X(SVY_ROW_WEIGHT, svy_row_weight) /* num[0] = the row (from 1), num[1] = the weight */ \
    X(SVY_ROW_INFINITE, svy_row_infinite) /* num[0] = the row (from 1) */ \
    X(SVY_ROW_STRATUM, svy_row_stratum) /* num[0] = the row (from 1), num[1] = the index */ \
    X(SVY_ROW_PSU, svy_row_psu) /* num[0] = the row (from 1), num[1] = the index */ \
    X(SVY_ROW_GROUP, svy_row_group) /* num[0] = the row (from 1), num[1] = the group index, num[2] = groups */ \
    X(SVY_PSU_TWO_STRATA, svy_psu_two_strata) /* num[0] = the unit index, num[1] and num[2] = the strata indices */ \
    X(SVY_LONELY_STRATUM, svy_lonely_stratum) /* name = the stratum (its code, or COLUMN = code) and its wave, separated by \x1f (svy_stratum_namer) */ \
    X(SVY_LONELY_STRATUM_INDEX, svy_lonely_stratum_index) /* num[0] = the stratum index */ \
    X(SVY_LONELY_WAVE, svy_lonely_wave) /* num[0] = 1 when clustered; name = the wave */ \
    X(SVY_LONELY_SAMPLE, svy_lonely_sample) /* num[0] = 1 when clustered */ \
    X(SVY_NO_SUCH_GROUP, svy_no_such_group) \
    X(SVY_POP_TOO_SMALL, svy_pop_too_small) /* num[0] = the population size, num[1] = units sampled, num[2] = 1 when clustered */ \
    X(SVY_EMPTY_UNANSWERED, svy_empty_unanswered) \
    X(SVY_EMPTY, svy_empty) \
    X(SVY_ONE_ANSWER, svy_one_answer) \
    X(SVY_ALL_SAME, svy_all_same) \
    X(SVY_NOT_BINARY, svy_not_binary) \
    X(SVY_PROP_BOUNDARY, svy_prop_boundary) /* num[0] = the share (0 or 1), num[1] = its standard error */ \
    X(SVY_NO_DF, svy_no_df) /* num[0] = the degrees of freedom */ \
    X(DEFF_TOO_FEW, deff_too_few) \
    X(DEFF_ALL_SAME, deff_all_same) \
    X(DEFF_WEIGHTS_SMALL, deff_weights_small) /* num[0] = the sum of weights, num[1] = respondents, num[2] = the with-replacement design effect */ \
    X(SVY_NO_DATA, svy_no_data) \
    X(SVY_POP_DIFFERS, svy_pop_differs) /* num[0] and num[1] = the two sizes */ \
    X(SVY_DIFF_MISSING, svy_diff_missing) /* num[0] = 0 before, 1 after */ \
    X(SVY_DIFF_NO_SPREAD, svy_diff_no_spread) \
    X(GLM_NO_DATA, glm_no_data) \
    X(GLM_NO_TRIALS, glm_no_trials) \
    X(GLM_X_NOT_FINITE, glm_x_not_finite) /* num[0] = the row (from 1); name = the column */ \
    X(GLM_Y_NEGATIVE, glm_y_negative) /* num[0] = the row (from 1) */ \
    X(GLM_Y_NOT_WHOLE, glm_y_not_whole) /* num[0] = the row (from 1) */ \
    X(GLM_OFFSET, glm_offset) /* num[0] = the row (from 1) */ \
    X(GLM_TRIALS_INVALID, glm_trials_invalid) /* num[0] = the row (from 1) */ \
    X(GLM_NO_START, glm_no_start) \
    X(GLM_NO_VALID, glm_no_valid) \
    X(GLM_NONFINITE, glm_nonfinite) \
    X(GLM_STEP, glm_step) \
    X(GLM_NO_INFO, glm_no_info) \
    X(GLM_VARIANCE, glm_variance) \
    X(GLM_FAILED, glm_failed) \
    X(GLM_ALIASED_WITH, glm_aliased_with) /* name = the column and the columns it combines, separated by \x1f */ \
    X(GLM_ALIASED, glm_aliased) /* name = the column */ \
    X(GLM_RANK_DEFICIENT, glm_rank_deficient) \
    X(GLM_TERM_SEPARATION, glm_term_separation) /* name = the column */ \
    X(GLM_TERM_ZERO, glm_term_zero) /* name = the column */ \
    X(GLM_SEPARATED, glm_separated) \
    X(GLM_ALL_ZERO, glm_all_zero) \
    X(GLM_SOME_TERMS, glm_some_terms) /* num[0] = terms that cannot be estimated, num[1] = terms */ \
    X(GLM_NO_RESIDUAL_DF, glm_no_residual_df) \
    X(GLM_NOT_CONVERGED, glm_not_converged) /* num[0] = the iteration limit */ \
    X(NB_NO_THETA, nb_no_theta) \
    X(NB_THETA_INFINITE, nb_theta_infinite) /* num[0] = 1 when the alternation limit was reached */ \
    X(NB_POISSON_LIKE, nb_poisson_like) \
    X(NB_THETA_ZERO, nb_theta_zero) \
    X(NB_NOT_CONVERGED, nb_not_converged) /* num[0] = 1 when the alternation limit was reached */ \
    X(ITS_EMPTY, its_empty) \
    X(ITS_FIRST_MONTH, its_first_month) \
    X(ITS_MONTH_INVALID, its_month_invalid) /* num[0] = the month (from 1) */ \
    X(ITS_HARMONICS, its_harmonics) \
    X(ITS_NO_MONTHS_BEFORE, its_no_months_before) \
    X(ITS_NO_MONTHS_AFTER, its_no_months_after) \
    X(ITS_START_OUTSIDE, its_start_outside) /* num[0] = the start month, num[1] = months */ \
    X(ITS_POPULATION, its_population) /* num[0] = the month (from 1) */ \
    X(ITS_TRANSITION_TOO_LONG, its_transition_too_long) /* num[0] = the transition months */ \
    X(ITS_TOO_SHORT, its_too_short) /* num[0] = months, num[1] = parameters, num[2] = 1 when a transition is left out */ \
    X(LB_TOO_FEW, lb_too_few) \
    X(LB_EXACT_FIT, lb_exact_fit) \
    X(MODEL_NOT_FITTED, model_not_fitted) \
    X(ITS_NO_COUNTERFACTUAL, its_no_counterfactual) \
    X(ITS_NOT_FITTED, its_not_fitted) \
    X(ITS_ALL_ZERO, its_all_zero) \
    X(ITS_SLOPE_ONLY, its_slope_only) \
    X(ITS_LEVEL_ONLY, its_level_only) \
    X(ITS_ZERO_AFTER, its_zero_after) \
    X(ITS_ONE_MONTH_AFTER, its_one_month_after) \
    X(DID_EMPTY, did_empty) \
    X(DID_NO_MONTHS_BEFORE, did_no_months_before) \
    X(DID_NO_MONTHS_AFTER, did_no_months_after) \
    X(DID_POPULATION_ONE, did_population_one) \
    X(DID_MONTH_INVALID, did_month_invalid) \
    X(DID_POPULATION, did_population) \
    X(DID_TOO_SHORT, did_too_short) \
    X(DID_ZERO_CELL, did_zero_cell) /* num[0] = 0 target, 1 comparison; num[1] = 0 before, 1 after */ \
    X(PLACEBO_REAL_UNUSABLE, placebo_real_unusable) /* num[0] = the real fit's reason code (its own numbers are not kept) */ \
    X(PLACEBO_TOO_FEW_MONTHS, placebo_too_few_months) /* num[0] = months before, num[1] = months needed on each side */ \
    X(PLACEBO_NONE, placebo_none) /* num[0] = placebo fits tried */ \
    X(PLACEBO_SOME_FAILED, placebo_some_failed) /* num[0] = failed, num[1] = tried */ \
    X(PREDICT_TOO_FEW, predict_too_few) /* num[0] = months before, num[1] = months predicted */ \
    X(PREDICT_NOT_FITTED, predict_not_fitted) \
    X(PREDICT_STEP_UNKNOWN, predict_step_unknown) /* num[0] = the change's month among the \
                                                     predicted ones, num[1] = months predicted */ \
    X(WT_NO_WAVES, wt_no_waves) \
    X(WT_WAVE_INVALID, wt_wave_invalid) \
    X(WT_TWO_YEARS, wt_two_years) \
    X(WT_NOBODY, wt_nobody) \
    X(WT_EVERYBODY, wt_everybody) \
    X(WT_SEPARATION, wt_separation) \
    X(EXP_NO_DAYS, exp_no_days) \
    X(EXP_NONE_BEFORE, exp_none_before) \
    X(EXP_NONE_AFTER, exp_none_after) \
    X(EXP_NO_PLAIN, exp_no_plain) \
    X(EXP_TOO_FEW_DAYS, exp_too_few_days) \
    X(EXP_ALL_ZERO, exp_all_zero) \
    X(EXP_BASELINE_ZERO, exp_baseline_zero) \
    X(TREND_GROUP_INVALID, trend_group_invalid) /* num[0] = the group (from 1) */ \
    X(TREND_TWO_WAVES, trend_two_waves) /* num[0] = waves with answers */ \
    X(TREND_CONSTANT, trend_constant) /* num[0] = 0 nobody, 1 everyone */ \
    X(TREND_SAME_SCORE, trend_same_score) \
    X(GROUP_NO_VALID, group_no_valid) \
    X(BOOT_FEW_REPLICATES, boot_few_replicates) \
    X(BOOT_FEW_ANSWERS, boot_few_answers) \
    X(BOOT_NO_RNG, boot_no_rng) \
    X(BOOT_COUNTS_INVALID, boot_counts_invalid) \
    X(BOOT_GROUP_EMPTY, boot_group_empty) \
    X(BOOT_GROUP_TOO_LARGE, boot_group_too_large) \
    X(COUNTS_TOO_LARGE, counts_too_large) /* num[0] = the total */

/* reasons the evaluation gives (eval/) for a statistic it cannot compute */
#define STAT_REASONS_EVAL(X) \
    X(WINDOW_SIDE_EMPTY, window_side_empty) /* num[0] = 0 before, 1 after */ \
    X(COMPARE_DF_TOO_FEW, compare_df_too_few) /* num[0] = the design's degrees of freedom */ \
    X(COMPARE_BOOT_SAME, compare_boot_same) \
    X(COMPARE_BOOT_NO_ANSWERS, compare_boot_no_answers) \
    X(ITS_NB_POISSON, its_nb_poisson) \
    X(ITS_NB_POISSON_AND, its_nb_poisson_and) /* num[0] = the Poisson fit's own reason code */ \
    X(ITS_MONTHS_MISSING, its_months_missing) /* num[0] = months missing */ \
    X(ITS_OFFSET_NO_POPULATION, its_offset_no_population) \
    X(WINDOW_NO_MONTHS, window_no_months) /* num[0] = 0 before, 1 after */ \
    X(COMPARISON_NO_COUNTS, comparison_no_counts) \
    X(COMPARISON_NO_COMMON_MONTH, comparison_no_common_month) \
    X(COMPARISON_ONE_SIDE, comparison_one_side) \
    X(BUFFER_NO_COUNTS, buffer_no_counts) \
    X(BUFFER_NO_COMPARISON, buffer_no_comparison) \
    X(BUFFER_ONE_SIDE, buffer_one_side) \
    X(PLACEBO_NOT_RUN, placebo_not_run) \
    X(PLACEBO_TOO_FEW_MONTHS_12, placebo_too_few_months_12) /* num[0] = months needed on each side */ \
    X(GROUP_EMPTY_NAMED, group_empty_named) /* name = the group */ \
    X(QUANTILE_NO_LIMIT, quantile_no_limit) /* num[0] = 0 lower, 1 upper */ \
    X(WINDOW_NO_COUNTS, window_no_counts) \
    X(SCREEN_NO_COMMON_MONTH, screen_no_common_month) \
    X(SCREEN_MONTHS_MISSING, screen_months_missing) \
    X(SYNTH_POOR_FIT, synth_poor_fit) \
    X(SUPPRESSED_FEW, suppressed_few) /* num[0] = the smallest number published */ \
    X(DEFF_REPLACE, deff_replace) \
    X(TREND_THREE_WAVES, trend_three_waves) /* num[0] = comparable waves */ \
    X(GROUP_NO_ANSWERS_SIDE, group_no_answers_side) /* num[0] = 0 before, 1 after */ \
    X(CONTRAST_GROUP_EMPTY, contrast_group_empty) \
    X(CONTRAST_NO_VARIATION, contrast_no_variation) \
    X(SVYTREND_CONSTANT, svytrend_constant) \
    X(SVYTREND_FEW_PSU, svytrend_few_psu) \
    X(SVYTREND_NOT_CONVERGED, svytrend_not_converged) \
    X(ALT_TARGET_NO_COUNTS, alt_target_no_counts) \
    X(AREA_NO_MONTHLY_COUNTS, area_no_monthly_counts) \
    X(SYNTH_NO_DONOR_MONTHS, synth_no_donor_months) \
    X(SYNTH_TOO_FEW_MONTHS, synth_too_few_months) \
    X(SCREEN_NO_COUNTS, screen_no_counts) \
    X(DAILY_NO_COUNTS, daily_no_counts) \
    X(AREA_NO_COUNTS, area_no_counts)

#endif
