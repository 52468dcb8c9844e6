package io.ticktape.feed.mdp3;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Damage done to real MDP3 packets for the fuzz tests: bit flips, byte overwrites, truncation, garbage appended,
 * and the length and count fields that a decoder must not trust (MsgSize, the SBE header's blockLength, template,
 * schema and version, a group's blockLength and numInGroup) set to values chosen to hurt.
 */
final class Mutations
{
    private static final int[] NASTY_U16 = { 0, 1, 2, 9, 10, 11, 12, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF };

    private Mutations()
    {
    }

    /**
     * @param packet a well-formed packet.
     * @return where each of its messages starts (at its MsgSize).
     */
    static int[] messageStarts(final byte[] packet)
    {
        final List<Integer> starts = new ArrayList<>();
        final ByteBuffer bytes = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
        int position = Mdp3PacketDecoder.PACKET_HEADER_LENGTH;
        while (position + 2 <= packet.length)
        {
            final int size = bytes.getShort(position) & 0xFFFF;
            if (size < 10 || position + size > packet.length)
            {
                break;
            }
            starts.add(position);
            position += size;
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * @return a copy of the packet with one to four random mutations anywhere.
     */
    static byte[] anywhere(final byte[] packet, final Random random)
    {
        byte[] mutated = packet.clone();
        final int count = 1 + random.nextInt(4);
        for (int i = 0; i < count && mutated.length > 0; i++)
        {
            mutated = once(mutated, random);
        }
        return mutated;
    }

    /**
     * @return a copy of the packet with bytes changed only inside one message, after its MsgSize.
     */
    static byte[] insideMessage(final byte[] packet, final int start, final int end, final Random random)
    {
        final byte[] mutated = packet.clone();
        final ByteBuffer bytes = ByteBuffer.wrap(mutated).order(ByteOrder.LITTLE_ENDIAN);
        final int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++)
        {
            switch (random.nextInt(4))
            {
                case 0:
                    // One of blockLength, templateId, schemaId, version.
                    bytes.putShort(start + 2 + 2 * random.nextInt(4), (short)nasty(random));
                    break;
                case 1:
                    // Where the first group header sits in most templates: its blockLength or numInGroup.
                    final int group = start + 10 + 11;
                    if (group + 3 <= end)
                    {
                        if (random.nextBoolean())
                        {
                            bytes.putShort(group, (short)nasty(random));
                        }
                        else
                        {
                            mutated[group + 2] = (byte)random.nextInt(256);
                        }
                    }
                    break;
                case 2:
                    final int bit = (start + 2) * 8 + random.nextInt((end - start - 2) * 8);
                    mutated[bit / 8] ^= (byte)(1 << (bit % 8));
                    break;
                default:
                    mutated[start + 2 + random.nextInt(end - start - 2)] = (byte)random.nextInt(256);
                    break;
            }
        }
        return mutated;
    }

    private static byte[] once(final byte[] packet, final Random random)
    {
        final ByteBuffer bytes = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
        final int[] starts = messageStarts(packet);
        switch (random.nextInt(8))
        {
            case 0:
                packet[random.nextInt(packet.length)] ^= (byte)(1 << random.nextInt(8));
                return packet;
            case 1:
                packet[random.nextInt(packet.length)] = (byte)random.nextInt(256);
                return packet;
            case 2:
                return Arrays.copyOf(packet, random.nextInt(packet.length));
            case 3:
            {
                final byte[] longer = Arrays.copyOf(packet, packet.length + 1 + random.nextInt(64));
                for (int i = packet.length; i < longer.length; i++)
                {
                    longer[i] = (byte)random.nextInt(256);
                }
                return longer;
            }
            case 4:
                if (starts.length > 0)
                {
                    bytes.putShort(starts[random.nextInt(starts.length)], (short)nasty(random));
                }
                return packet;
            case 5:
                if (starts.length > 0)
                {
                    final int start = starts[random.nextInt(starts.length)];
                    bytes.putShort(start + 2 + 2 * random.nextInt(4), (short)nasty(random));
                }
                return packet;
            case 6:
                if (starts.length > 0)
                {
                    final int group = starts[random.nextInt(starts.length)] + 10 + 11;
                    if (group + 3 <= packet.length)
                    {
                        bytes.putShort(group, (short)nasty(random));
                        packet[group + 2] = (byte)random.nextInt(256);
                    }
                }
                return packet;
            default:
            {
                final int from = random.nextInt(packet.length);
                Arrays.fill(packet, from, Math.min(packet.length, from + 1 + random.nextInt(16)),
                    (byte)(random.nextBoolean() ? 0 : 0xFF));
                return packet;
            }
        }
    }

    private static int nasty(final Random random)
    {
        return random.nextInt(3) == 0 ? random.nextInt(0x10000) : NASTY_U16[random.nextInt(NASTY_U16.length)];
    }
}
