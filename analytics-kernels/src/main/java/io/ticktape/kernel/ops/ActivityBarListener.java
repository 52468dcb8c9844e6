package io.ticktape.kernel.ops;

/**
 * Receives activity bars as they close.
 */
@FunctionalInterface
public interface ActivityBarListener
{
    /**
     * A bar closed. The bar is the operator's own state, passed by reference so nothing is allocated: read (or
     * encode) it during the call and keep no reference, as it is reset for the next bar when the call returns.
     *
     * @param bar the closed bar.
     */
    void onBar(ActivityBar bar);
}
