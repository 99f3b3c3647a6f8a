package dev.kairos.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * A Lua script run by its SHA; the body is sent only when Redis does not have it (first
 * use, or after a restart emptied its script cache).
 */
final class LuaScripts {

	/** The code shared by the per-key feature scripts ({@link Script#withPrelude}). */
	static final String PRELUDE = "prelude";

	private LuaScripts() {
	}

	/**
	 * One call of a script, issued by {@link RedisSession#run} (again, if Redis lacked
	 * the script).
	 */
	record Call<T>(Script script, ScriptOutputType type, String[] keys, String[] args) {

		RedisFuture<T> issue(RedisClusterAsyncCommands<String, String> redis) {
			return this.script.run(redis, this.type, this.keys, this.args);
		}

	}

	/** One script. */
	record Script(String name, String body, String sha) {

		static Script load(String name) {
			String body = text(name);
			return new Script(name, body, sha1(body));
		}

		/**
		 * A script that uses the code the feature scripts share ({@code prelude.lua}: the
		 * hash's fields read once and written once, the forward-decayed log-sum), with
		 * that prelude put in front of its text: Redis's Lua has no include.
		 */
		static Script withPrelude(String name) {
			String body = text(PRELUDE) + text(name);
			return new Script(name, body, sha1(body));
		}

		private static String text(String name) {
			try (InputStream in = LuaScripts.class.getResourceAsStream("/redis/" + name + ".lua")) {
				if (in == null) {
					throw new IllegalStateException("missing script /redis/" + name + ".lua");
				}
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		<T> RedisFuture<T> run(RedisClusterAsyncCommands<String, String> redis, ScriptOutputType type, String[] keys,
				String... args) {
			return redis.evalsha(this.sha, type, keys, args);
		}

		/** A call of this script, for {@link RedisSession#run}. */
		<T> Call<T> call(ScriptOutputType type, String[] keys, String... args) {
			return new Call<>(this, type, keys, args);
		}

		/**
		 * Whether a failure means Redis lacked the script, so a retry with the body is
		 * due.
		 */
		static boolean isMissing(Throwable ex) {
			for (Throwable t = ex; t != null; t = t.getCause()) {
				if (t instanceof RedisNoScriptException || String.valueOf(t.getMessage()).startsWith("NOSCRIPT")) {
					return true;
				}
			}
			return false;
		}

		void ensureLoaded(RedisClusterAsyncCommands<String, String> redis) throws Exception {
			redis.scriptLoad(this.body).get();
		}

		private static String sha1(String body) {
			try {
				byte[] digest = java.security.MessageDigest.getInstance("SHA-1")
					.digest(body.getBytes(StandardCharsets.UTF_8));
				StringBuilder hex = new StringBuilder();
				for (byte b : digest) {
					hex.append(String.format("%02x", b));
				}
				return hex.toString();
			}
			catch (java.security.NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
