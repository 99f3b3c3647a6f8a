/** GET /recommendations: the request path from candidates to the ranked answer. */
package dev.kairos.recommendations;
