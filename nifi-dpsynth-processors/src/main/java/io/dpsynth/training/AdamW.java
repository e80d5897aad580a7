package io.dpsynth.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter) on plain NDArrays, with global-norm gradient clipping.
 *
 * <p>Own code rather than DJL's {@code Optimizer.adam()}: that one is bound to {@code Block}/{@code Parameter}
 * ids and offers only element-wise clipping, while the model here is a set of named arrays and GPT-style
 * training clips the global norm; the DP tuner will reuse this with its own (privatised) gradients.
 * Matrices are decayed, vectors (biases, layer-norm gains) are not.
 */
public final class AdamW implements AutoCloseable {

    private final List<NDArray> parameters;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final NDManager stateManager;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private int steps;

    public AdamW(List<NDArray> parameters, double beta1, double beta2, double epsilon, double weightDecay) {
        this.parameters = List.copyOf(parameters);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.stateManager = parameters.get(0).getManager().newSubManager();
        for (NDArray parameter : parameters) {
            firstMoments.add(stateManager.zeros(parameter.getShape()));
            secondMoments.add(stateManager.zeros(parameter.getShape()));
        }
    }

    /**
     * Scales all gradients so that their joint L2 norm is at most {@code maxNorm} and returns the norm before
     * clipping. The gradients are those PyTorch accumulated on the parameters.
     */
    public double clipGradients(double maxNorm) {
        try (NDManager scope = stateManager.newSubManager()) {
            List<NDArray> gradients = gradients(scope);
            double squares = 0;
            for (NDArray gradient : gradients) {
                squares += gradient.square().sum().getFloat();
            }
            double norm = Math.sqrt(squares);
            if (norm > maxNorm) {
                for (NDArray gradient : gradients) {
                    gradient.muli((float) (maxNorm / norm));
                }
            }
            return norm;
        }
    }

    /** One update with the gradients PyTorch accumulated on the parameters, then clears them (it would otherwise accumulate). */
    public void step(double learningRate) {
        try (NDManager scope = stateManager.newSubManager()) {
            List<NDArray> gradients = gradients(scope);
            update(gradients, learningRate, scope);
            gradients.forEach(gradient -> gradient.subi(gradient));
        }
    }

    /** One update with given gradients, in the order of the parameters (e.g. DP-SGD's privatised ones). */
    public void step(List<NDArray> gradients, double learningRate) {
        if (gradients.size() != parameters.size()) {
            throw new IllegalArgumentException(gradients.size() + " gradients for " + parameters.size() + " parameters");
        }
        try (NDManager scope = stateManager.newSubManager()) {
            update(gradients, learningRate, scope);
        }
    }

    private void update(List<NDArray> gradients, double learningRate, NDManager scope) {
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray gradient = gradients.get(i);
            NDArray m = firstMoments.get(i).muli((float) beta1).addi(scoped(gradient.mul((float) (1 - beta1)), scope));
            NDArray v = secondMoments.get(i).muli((float) beta2).addi(scoped(gradient.square().muli((float) (1 - beta2)), scope));
            NDArray denominator = scoped(v.div((float) correction2), scope).sqrt().addi((float) epsilon);
            NDArray update = scoped(m.mul((float) (learningRate / correction1)), scope).divi(denominator);
            // the detached view shares storage with the leaf, so this updates it outside autograd
            NDArray data = scoped(parameters.get(i).stopGradient(), scope);
            if (weightDecay > 0 && parameters.get(i).getShape().dimension() >= 2) {
                data.muli((float) (1 - learningRate * weightDecay));
            }
            data.subi(update);
        }
    }

    public int steps() {
        return steps;
    }

    private List<NDArray> gradients(NDManager scope) {
        List<NDArray> gradients = new ArrayList<>(parameters.size());
        for (NDArray parameter : parameters) {
            gradients.add(scoped(parameter.getGradient(), scope));
        }
        return gradients;
    }

    private static NDArray scoped(NDArray array, NDManager scope) {
        array.attach(scope);
        return array;
    }

    @Override
    public void close() {
        stateManager.close();
    }
}
