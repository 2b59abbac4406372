import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";

/**
 * Reads a form with a file (multipart/form-data) into memory: only the named fields, and no part
 * larger than maxBytes. A file too large, or a body that is not a readable form, is the user's to
 * fix: it comes back as a Swedish message for the file field, never as a server error.
 */
export async function readUpload(
  request: Request,
  options: { maxBytes: number; fields: readonly string[]; tooLarge: string; unreadable: string },
): Promise<{ ok: true; formData: FormData } | { ok: false; message: string }> {
  try {
    const formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: options.maxBytes, filter: ({ name }) => options.fields.includes(name) }),
    );
    return { ok: true, formData };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, message: options.tooLarge };
    if (error instanceof TypeError) return { ok: false, message: options.unreadable };
    throw error;
  }
}
