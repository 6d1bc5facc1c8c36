namespace Coordination.Grains.Security;

/// <summary>The thing asked for does not exist in the caller's tenant (404).</summary>
[GenerateSerializer, Alias("Coordination.NotFoundException")]
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>Input that breaks a rule; <see cref="Field"/> names the offending field (400).</summary>
[GenerateSerializer, Alias("Coordination.ValidationException")]
public sealed class ValidationException(string field, string message) : Exception(message)
{
    [Id(0)]
    public string Field { get; } = field;
}

/// <summary>The request is valid but the thing's current state does not allow it (409).</summary>
[GenerateSerializer, Alias("Coordination.ConflictException")]
public sealed class ConflictException(string message) : Exception(message);
