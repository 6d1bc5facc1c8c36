namespace Coordination.Grains.Security;

/// <summary>The caller may not do this; the API answers 403 and the hub a HubException.</summary>
[GenerateSerializer, Alias("Coordination.AccessDeniedException")]
public sealed class AccessDeniedException(string message) : Exception(message);
