/**
 * Risk alerts: rules on the kernel's outputs, evaluated on the kernel thread, with a lifecycle (RAISED, CLEARED,
 * ACKNOWLEDGED) and delivery over Aeron, to a Chronicle Queue journal, to the log and to webhooks.
 */
package io.ticktape.alerts;
