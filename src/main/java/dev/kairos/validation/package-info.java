/**
 * The request contract shared by every endpoint: id rules, field violations, unknown ids.
 */
package dev.kairos.validation;
