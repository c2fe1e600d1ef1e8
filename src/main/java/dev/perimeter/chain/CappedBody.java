package dev.perimeter.chain;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** A response body gathered into one array, refused (the exchange cancelled) as soon as it grows past a cap. */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    /** The body grew past the cap. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("response body over the size cap");
        }
    }

    private final long max;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final List<ByteBuffer> buffers = new ArrayList<>();
    private long size;
    private Flow.Subscription subscription;

    CappedBody(long max) {
        this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) return;
        for (ByteBuffer b : items) {
            size += b.remaining();
            if (size > max) {
                buffers.clear();
                subscription.cancel();
                result.completeExceptionally(new TooLarge());
                return;
            }
            buffers.add(b);
        }
    }

    @Override
    public void onError(Throwable t) {
        buffers.clear();
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        byte[] out = new byte[(int) size];
        int p = 0;
        for (ByteBuffer b : buffers) {
            int n = b.remaining();
            b.get(out, p, n);
            p += n;
        }
        buffers.clear();
        result.complete(out);
    }
}
