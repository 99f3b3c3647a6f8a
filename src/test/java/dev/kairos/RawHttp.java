package dev.kairos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection, with no client-side checks:
 * the request line, headers and framing are sent exactly as given, so that malformed
 * requests reach the server as an attacker would send them.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/** An answer: status, headers (lower-case names, last one wins), body. */
	public record Answer(int status, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	/**
	 * Sends the bytes and reads the answer until the server closes the connection. A
	 * server that closes while the request is still being written (a refused oversized
	 * body) is fine as long as it answered.
	 */
	public static Answer exchange(int port, byte[] request) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			try {
				out.write(request);
				out.flush();
			}
			catch (IOException ex) {
				// the server may stop reading early; what it answered is still readable
			}
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			try {
				for (int n; (n = in.read(buffer)) >= 0;) {
					received.write(buffer, 0, n);
				}
			}
			catch (IOException ex) {
				if (received.size() == 0) {
					throw ex;
				}
			}
			return parse(received.toByteArray());
		}
	}

	static Answer parse(byte[] raw) throws IOException {
		String text = new String(raw, StandardCharsets.ISO_8859_1);
		// skip interim answers (100 Continue)
		while (text.startsWith("HTTP/1.1 1") && text.indexOf("\r\n\r\n") > 0) {
			int interim = text.indexOf("\r\n\r\n") + 4;
			text = text.substring(interim);
			raw = java.util.Arrays.copyOfRange(raw, interim, raw.length);
		}
		int end = text.indexOf("\r\n\r\n");
		if (!text.startsWith("HTTP/1.1 ") || end < 0) {
			throw new IOException("not an HTTP answer: " + text.substring(0, Math.min(200, text.length())));
		}
		String[] lines = text.substring(0, end).split("\r\n");
		int status = Integer.parseInt(lines[0].substring(9, 12));
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
		}
		byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = dechunk(body);
		}
		return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static byte[] dechunk(byte[] body) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int at = 0;
		while (at < body.length) {
			int lineEnd = indexOfCrlf(body, at);
			if (lineEnd < 0) {
				break;
			}
			String sizeText = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
			int size = Integer.parseInt(sizeText, 16);
			if (size == 0) {
				break;
			}
			out.write(body, lineEnd + 2, Math.min(size, body.length - lineEnd - 2));
			at = lineEnd + 2 + size + 2;
		}
		return out.toByteArray();
	}

	private static int indexOfCrlf(byte[] bytes, int from) {
		for (int i = from; i + 1 < bytes.length; i++) {
			if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
				return i;
			}
		}
		return -1;
	}

}
