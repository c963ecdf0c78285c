package io.thingstead.it;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A video for Chromium's fake camera ({@code --use-file-for-fake-video-capture}): a QR code (ZXing) held up in front
 * of the camera, as Y4M (YUV 4:2:0) frames, so that the portal's scanner reads it through getUserMedia as it would
 * from a real camera.
 */
final class FakeCamera {
    static final int WIDTH = 640;
    static final int HEIGHT = 480;

    private FakeCamera() {}

    static Path qrVideo(Path file, String text) throws Exception {
        BitMatrix matrix =
                new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 360, 360, Map.of(EncodeHintType.MARGIN, 4));
        byte[] luma = new byte[WIDTH * HEIGHT];
        java.util.Arrays.fill(luma, (byte) 235);
        int left = (WIDTH - matrix.getWidth()) / 2;
        int top = (HEIGHT - matrix.getHeight()) / 2;
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y)) {
                    luma[(top + y) * WIDTH + left + x] = (byte) 16;
                }
            }
        }
        byte[] chroma = new byte[(WIDTH / 2) * (HEIGHT / 2)];
        java.util.Arrays.fill(chroma, (byte) 128);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("YUV4MPEG2 W" + WIDTH + " H" + HEIGHT + " F10:1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int frame = 0; frame < 10; frame++) {
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(luma);
                out.write(chroma);
                out.write(chroma);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }
}
