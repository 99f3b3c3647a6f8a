/** The item catalogue: PUT/POST/DELETE/GET /items and the catalogue port. */
package dev.kairos.items;
