namespace TutorBot.Features.Partners;

/// <summary>Partner communication: mentions and logos (section <c>Partners</c>).</summary>
public sealed class PartnersOptions
{
    public const string Section = "Partners";

    /// <summary>Largest logo file accepted, in bytes.</summary>
    public long LogoMaxBytes { get; set; } = 512 * 1024;

    /// <summary>Largest logo width in pixels (PNG: IHDR; SVG: its <c>width</c> attribute or view box).</summary>
    public int LogoMaxWidth { get; set; } = 4096;

    /// <summary>Largest logo height in pixels.</summary>
    public int LogoMaxHeight { get; set; } = 4096;

    /// <summary>Longest mention text, in characters, per language.</summary>
    public int MentionMaxLength { get; set; } = 500;
}
