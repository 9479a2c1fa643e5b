package dev.switchyard.registry.kv;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A new key when the store holds {@code registry.kv.max-keys} already: 507.
 */
public class TooManyKeysException extends ErrorResponseException {

	TooManyKeysException(int maxKeys) {
		super(HttpStatus.INSUFFICIENT_STORAGE, ProblemDetail.forStatusAndDetail(HttpStatus.INSUFFICIENT_STORAGE,
				"The store holds its maximum of " + maxKeys + " keys (registry.kv.max-keys)"), null);
	}

}
